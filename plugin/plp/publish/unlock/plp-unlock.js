/* plp: the unlock page of an encrypted site (plp build --encrypt).

   The passphrase gives an AES-GCM key (WebCrypto: PBKDF2-SHA256 with the site's salt and
   rounds), which decrypts the manifest (path -> encrypted file) and then each page. The
   key stays in this page's memory: pages are shown in a frame of this page, so moving
   from page to page never asks again and never stores the key. Only when the student
   ticks "Remember on this device" is the key kept, as a non-extractable CryptoKey in
   IndexedDB, until "Forget and lock". Nothing is fetched but the site's own files. */
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("plp-unlock-settings").textContent);
  var base = new URL(".", location.href);
  var form = document.getElementById("plp-unlock-form");
  var field = document.getElementById("plp-passphrase");
  var remember = document.getElementById("plp-remember");
  var message = document.getElementById("plp-unlock-message");
  var lock = document.getElementById("plp-lock");
  var subtle = window.crypto && window.crypto.subtle;
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  var DATABASE = "plp-unlock";
  var STORE = "keys";
  var key = null;
  var files = null;
  var remembered = false;
  var frame = null;
  var blobs = {};
  var ready = {};

  function bytes(text) {
    var raw = atob(text);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      out[i] = raw.charCodeAt(i);
    }
    return out;
  }

  function say(text) {
    message.textContent = text;
  }

  function deriveKey(passphrase) {
    return subtle
      .importKey("raw", encoder.encode(passphrase.trim().normalize("NFC")), "PBKDF2", false, ["deriveKey"])
      .then(function (material) {
        return subtle.deriveKey(
          { name: "PBKDF2", salt: bytes(settings.salt), iterations: settings.iterations, hash: "SHA-256" },
          material,
          { name: "AES-GCM", length: 256 },
          false,
          ["decrypt"]
        );
      });
  }

  function decryptFile(name, associated, withKey) {
    return fetch(new URL(name, base), { cache: "no-cache", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("missing");
        }
        return response.arrayBuffer();
      })
      .then(function (data) {
        return subtle.decrypt(
          { name: "AES-GCM", iv: new Uint8Array(data, 0, 12), additionalData: encoder.encode(associated) },
          withKey || key,
          new Uint8Array(data, 12)
        );
      });
  }

  /* The site path of an address (index.html for a folder), or null outside the site. */
  function sitePath(address) {
    var url = new URL(address, base);
    if (url.origin !== base.origin || url.pathname.indexOf(base.pathname) !== 0) {
      return null;
    }
    var path = decodeURIComponent(url.pathname.slice(base.pathname.length));
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }

  function isPage(path) {
    return Boolean(files[path]) && /\.html$/.test(path);
  }

  /* A decrypted file of the site as a blob: address, decrypted once. */
  function resource(path) {
    if (!blobs[path]) {
      blobs[path] = decryptFile(files[path][0], path).then(function (plain) {
        ready[path] = URL.createObjectURL(new Blob([plain], { type: files[path][1] }));
        return ready[path];
      });
    }
    return blobs[path];
  }

  /* The theme keeps small choices (light or dark) in localStorage: the pages get a
     storage in this page's memory instead, so that nothing of the site stays behind. */
  function MemoryStorage() {
    var items = new Map();
    return {
      get length() { return items.size; },
      key: function (index) { return Array.from(items.keys())[index] || null; },
      getItem: function (name) { return items.has(String(name)) ? items.get(String(name)) : null; },
      setItem: function (name, value) { items.set(String(name), String(value)); },
      removeItem: function (name) { items.delete(String(name)); },
      clear: function () { items.clear(); }
    };
  }
  window.plpStorage = { local: MemoryStorage(), session: MemoryStorage() };

  /* For the page's own scripts (the theme loads its search index with XMLHttpRequest):
     the blob: address of a decrypted file, or null to leave the address alone. */
  window.plpDecrypted = function (address) {
    var path = sitePath(address);
    return path && ready[path] ? ready[path] : null;
  };

  function pageScript() {
    try {
      Object.defineProperty(window, "localStorage", { configurable: true, value: parent.plpStorage.local });
      Object.defineProperty(window, "sessionStorage", { configurable: true, value: parent.plpStorage.session });
    } catch (error) {
      /* a browser that will not let us: the theme stores its colour choice */
    }
    var open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (method, address) {
      var args = Array.prototype.slice.call(arguments);
      var swapped = parent.plpDecrypted(new URL(String(address), location.href).href);
      if (swapped) {
        args[1] = swapped;
      }
      return open.apply(this, args);
    };
    var fetchPlain = window.fetch;
    window.fetch = function (address, options) {
      var swapped = typeof address === "string" ? parent.plpDecrypted(new URL(address, location.href).href) : null;
      return fetchPlain.call(window, swapped || address, options);
    };
  }

  function rewrite(doc, pageUrl) {
    var waiting = [];
    ["src", "href", "data", "poster"].forEach(function (attribute) {
      doc.querySelectorAll("[" + attribute + "]").forEach(function (element) {
        var value = element.getAttribute(attribute);
        if (!value || value.charAt(0) === "#" || /^[a-z][a-z0-9+.-]*:/i.test(value)) {
          return;
        }
        var path = sitePath(new URL(value, pageUrl).href);
        if (!path || !files[path] || isPage(path)) {
          return;
        }
        waiting.push(
          resource(path).then(function (address) {
            element.setAttribute(attribute, address);
            if (element.tagName === "A") {
              element.setAttribute("target", "_blank");
            }
          })
        );
      });
    });
    var script = doc.createElement("script");
    script.textContent = "(" + pageScript.toString() + ")();";
    doc.head.insertBefore(script, doc.head.firstChild);
    return Promise.all(waiting);
  }

  function followLinks(inner, path) {
    inner.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || link.getAttribute("target") === "_blank") {
        return;
      }
      var url = new URL(link.href);
      var target = sitePath(url.href);
      if (!target) {
        link.setAttribute("target", "_top"); // out of the site (the web editor): the whole window
        return;
      }
      if (!isPage(target)) {
        return;
      }
      if (target === path && url.hash && url.search === inner.location.search) {
        return; // a place on this page: the browser scrolls there
      }
      event.preventDefault();
      show(target + url.search + url.hash, true).catch(notShown);
    });
  }

  function show(address, push) {
    var url = new URL(address || "index.html", base);
    var path = sitePath(url.href);
    if (!path || !isPage(path)) {
      path = "index.html";
      url = new URL(path, base);
    }
    var pageUrl = new URL(path, base);
    var doc;
    return decryptFile(files[path][0], path)
      .then(function (plain) {
        doc = new DOMParser().parseFromString(decoder.decode(plain), "text/html");
        return rewrite(doc, pageUrl);
      })
      .then(function () {
        var next = document.createElement("iframe");
        next.className = "plp-page";
        next.title = doc.title || "Page";
        document.body.insertBefore(next, lock);
        var inner = next.contentDocument;
        inner.open();
        next.contentWindow.history.replaceState(null, "", pageUrl.pathname + url.search + url.hash);
        inner.write("<!DOCTYPE html>\n" + doc.documentElement.outerHTML);
        inner.close();
        followLinks(inner, path);
        if (frame) {
          frame.remove();
        }
        frame = next;
        document.title = doc.title || document.title;
        var anchor = url.hash ? inner.getElementById(decodeURIComponent(url.hash.slice(1))) : null;
        if (anchor) {
          anchor.scrollIntoView();
        }
        next.contentWindow.focus();
        if (push) {
          history.pushState(null, "", "#" + path + url.search + url.hash);
        }
      });
  }

  /* Open the site with a key: the manifest decrypts only with the right one. */
  function open(candidate) {
    return decryptFile(settings.manifest, "plp manifest", candidate).then(function (plain) {
      key = candidate;
      files = JSON.parse(decoder.decode(plain)).files;
      var index = "search/search_index.json";
      return files[index] ? resource(index) : null;
    });
  }

  function unlocked() {
    document.getElementById("plp-unlock").hidden = true;
    form.hidden = true;
    field.value = "";
    lock.textContent = remembered ? "Forget and lock" : "Lock";
    lock.hidden = false;
    return show(location.hash.slice(1), false);
  }

  function database() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE);
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function inStore(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(request.result);
        };
        transaction.onerror = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  /* The key this device remembers for this site; never opens (so never creates) the
     database unless it is there. */
  function rememberedKey() {
    if (!window.indexedDB || !indexedDB.databases) {
      return Promise.resolve(null);
    }
    return indexedDB.databases().then(function (list) {
      if (!list.some(function (entry) { return entry.name === DATABASE; })) {
        return null;
      }
      return inStore("readonly", function (store) {
        return store.get(base.pathname);
      }).then(function (entry) {
        return entry && entry.salt === settings.salt ? entry.key : null;
      });
    });
  }

  function keep(withKey) {
    return inStore("readwrite", function (store) {
      return store.put({ salt: settings.salt, key: withKey }, base.pathname);
    });
  }

  function forget() {
    if (!window.indexedDB || !indexedDB.databases) {
      return Promise.resolve();
    }
    return indexedDB.databases().then(function (list) {
      if (!list.some(function (entry) { return entry.name === DATABASE; })) {
        return null;
      }
      return inStore("readwrite", function (store) {
        store.delete(base.pathname);
        return store.count();
      }).then(function (left) {
        if (left !== 0) {
          return null;
        }
        return new Promise(function (resolve) {
          var request = indexedDB.deleteDatabase(DATABASE);
          request.onsuccess = request.onerror = request.onblocked = function () {
            resolve(null);
          };
        });
      });
    });
  }

  function notShown(error) {
    window.console.error("plp: the page could not be decrypted:", error);
    window.alert("This page could not be opened: a file of the site is missing or damaged.");
  }

  function failed(error) {
    key = null;
    files = null;
    form.querySelector("button").disabled = false;
    if (error && error.name === "OperationError") {
      say("That passphrase does not open this site. Check it and try again.");
    } else {
      say("The site could not be opened: a file is missing or damaged. Ask your teacher to build it again.");
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    say("");
    var button = form.querySelector("button");
    button.disabled = true;
    deriveKey(field.value)
      .then(function (candidate) {
        return open(candidate).then(function () {
          remembered = remember.checked;
          return remembered ? keep(candidate) : null;
        });
      })
      .then(unlocked, failed);
  });

  lock.addEventListener("click", function () {
    key = null;
    forget().then(function () {
      location.replace(new URL("index.html", base).href);
    });
  });

  window.addEventListener("popstate", function () {
    if (files) {
      show(location.hash.slice(1), false).catch(notShown);
    }
  });

  if (!subtle) {
    form.hidden = false;
    say("This browser cannot decrypt the site here: open it over https in a current browser.");
    form.querySelector("button").disabled = true;
    return;
  }
  rememberedKey()
    .then(function (stored) {
      if (!stored) {
        return false;
      }
      return open(stored).then(
        function () {
          remembered = true;
          return unlocked().then(function () {
            return true;
          });
        },
        function () {
          return forget().then(function () {
            say("The passphrase has changed: enter the new one.");
            return false;
          });
        }
      );
    })
    .catch(function () {
      return false;
    })
    .then(function (opened) {
      if (!opened) {
        form.hidden = false;
        field.focus();
      }
    });
})();
