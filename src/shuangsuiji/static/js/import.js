// 数据导入: send the form with XMLHttpRequest to show upload progress, then poll the
// server's progress (written by the importer to the shared cache) until the result arrives.
// Without this script the form posts normally and the server renders the same result.
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form || !window.XMLHttpRequest || !window.FormData || !window.fetch) {
    return;
  }
  var panel = document.getElementById("import-progress");
  var stageEl = document.getElementById("progress-stage");
  var countEl = document.getElementById("progress-count");
  var bar = document.getElementById("progress-bar");
  var meter = panel.querySelector(".progress");
  var resultEl = document.getElementById("import-result");
  var button = document.getElementById("import-submit");
  var placeholder = "00000000000000000000000000000000";
  var timer = null;
  var finished = false;

  function show(stage, done, total, unit) {
    panel.hidden = false;
    stageEl.textContent = stage;
    var pct = total > 0 ? Math.min(100, Math.round((done * 100) / total)) : 0;
    bar.style.width = pct + "%";
    meter.setAttribute("aria-valuenow", String(pct));
    if (total > 0) {
      countEl.textContent = unit === "bytes"
        ? (done / 1048576).toFixed(1) + " / " + (total / 1048576).toFixed(1) + " MB"
        : done + " / " + total + " 行";
    } else {
      countEl.textContent = "";
    }
  }

  function poll(url) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!finished && p && p.stage) {
          show(p.stage === "校验" ? "校验数据" : p.stage === "写入" ? "写入数据库" : p.stage,
               p.done, p.total, "rows");
        }
      })
      .catch(function () { /* a missed poll is harmless: the next one follows */ });
  }

  function stopPolling() {
    if (timer) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  function finish(html) {
    finished = true;
    stopPolling();
    resultEl.innerHTML = html;
    var root = resultEl.querySelector(".import-result");
    if (root) {
      var next = root.getAttribute("data-next-token");
      if (next) {
        form.elements.token.value = next;
      }
      var outcome = root.getAttribute("data-outcome");
      if (outcome === "ok" || outcome === "rejected") {
        show(outcome === "ok" ? "完成" : "发现错误，未导入任何数据", 0, 0, "");
        bar.style.width = "100%";
        meter.setAttribute("aria-valuenow", "100");
        bar.classList.toggle("progress-bar-error", outcome === "rejected");
      } else {
        panel.hidden = true;
      }
    }
    button.disabled = false;
    resultEl.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  form.addEventListener("submit", function (event) {
    if (!form.elements.file.files.length) {
      return;
    }
    event.preventDefault();
    finished = false;
    bar.classList.remove("progress-bar-error");
    resultEl.innerHTML = "";
    button.disabled = true;
    var token = form.elements.token.value;
    var progressUrl = form.getAttribute("data-progress-url").replace(placeholder, token);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        show("上传文件", e.loaded, e.total, "bytes");
      }
    });
    xhr.upload.addEventListener("load", function () {
      show("上传完成，等待服务器处理", 0, 0, "");
      if (!timer && !finished) {
        timer = window.setInterval(function () { poll(progressUrl); }, 500);
      }
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 200) {
        finish(xhr.responseText);
      } else {
        finish('<div class="import-result" data-outcome="failed"><div class="result result-error">' +
               "<h2>服务器出错（" + xhr.status + "），未导入任何数据</h2>" +
               "<p>请稍后重试；如仍有问题，请联系联席会议办公室。</p></div></div>");
      }
    });
    xhr.addEventListener("error", function () {
      finish('<div class="import-result" data-outcome="failed"><div class="result result-error">' +
             "<h2>网络中断，上传未完成</h2><p>请检查网络后重新上传。</p></div></div>");
    });
    show("上传文件", 0, 0, "bytes");
    xhr.send(new FormData(form));
  });
})();
