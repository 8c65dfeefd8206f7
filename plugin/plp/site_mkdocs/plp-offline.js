/* plp: search from disk. A page opened from a file may not start a Web Worker, and the
   theme runs its search in one; this stands in for Worker on file:// pages only, running
   the worker's script in a hidden frame of the same page. Nothing is fetched from
   anywhere but the site's own folder. */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof window.Worker === "undefined") {
    return;
  }
  function FrameWorker(url) {
    var target = document.createDocumentFragment();
    var queue = [];
    var ready = false;
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.title = "Search";
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    (document.body || document.documentElement).appendChild(frame);
    var inner = frame.contentWindow;
    inner.postMessage = function (data) {
      setTimeout(function () {
        var event = new MessageEvent("message", { data: data });
        target.dispatchEvent(event);
        if (typeof api.onmessage === "function") {
          api.onmessage(event);
        }
      }, 0);
    };
    function deliver(data) {
      inner.dispatchEvent(new inner.MessageEvent("message", { data: data }));
    }
    var script = inner.document.createElement("script");
    script.src = new URL(String(url), document.baseURI).href;
    script.onload = function () {
      ready = true;
      queue.splice(0).forEach(deliver);
    };
    inner.document.head.appendChild(script);
    var api = {
      onmessage: null,
      postMessage: function (data) {
        if (ready) {
          setTimeout(function () { deliver(data); }, 0);
        } else {
          queue.push(data);
        }
      },
      terminate: function () { frame.remove(); },
      addEventListener: function (type, listener, options) {
        target.addEventListener(type, listener, options);
      },
      removeEventListener: function (type, listener, options) {
        target.removeEventListener(type, listener, options);
      },
      dispatchEvent: function (event) { return target.dispatchEvent(event); }
    };
    return api;
  }
  window.Worker = FrameWorker;
})();
