// plp's own stand-in for Web Workers when a site is opened from disk (file: URLs), where
// browsers refuse to start a worker: the theme's search runs its worker script inside a
// hidden frame of the page instead. Nothing is fetched from anywhere but the site itself.
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof window.IFrameWorker !== "undefined") {
    return;
  }
  function IFrameWorker(url) {
    var target = new EventTarget();
    var frame = document.createElement("iframe");
    var ready = false;
    var queue = [];
    var source = new URL(url, location.href).href;
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("tabindex", "-1");
    frame.title = "search";
    frame.srcdoc =
      "<script>var up = window.parent, own = window.postMessage.bind(window);" +
      " window.plpDeliver = function (data) { own(data, '*'); };" +
      " window.postMessage = function (data) {" +
      " up.postMessage({plpWorker: true, data: data}, '*'); };</" + "script>" +
      '<script src="' + source.replace(/"/g, "&quot;") + '"></' + "script>";
    window.addEventListener("message", function (event) {
      if (event.source === frame.contentWindow && event.data && event.data.plpWorker) {
        var message = new MessageEvent("message", { data: event.data.data });
        target.dispatchEvent(message);
        if (typeof target.onmessage === "function") {
          target.onmessage(message);
        }
      }
    });
    frame.addEventListener("load", function () {
      ready = true;
      queue.splice(0).forEach(function (data) {
        frame.contentWindow.plpDeliver(data);
      });
    });
    target.postMessage = function (data) {
      if (ready) {
        frame.contentWindow.plpDeliver(data);
      } else {
        queue.push(data);
      }
    };
    target.terminate = function () {
      frame.remove();
    };
    (document.body || document.documentElement).appendChild(frame);
    return target;
  }
  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
