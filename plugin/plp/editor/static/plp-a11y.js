// Names the controls of Decap's own widgets that it leaves unnamed, so that a screen
// reader can say what each does (axe: button-name, aria-command-name,
// aria-input-field-name, nested-interactive). Decap is pinned; these patches follow the
// markup of that version, and docs/editor.md lists what is left.
(function () {
  "use strict";

  function unnamed(element) {
    return !element.getAttribute("aria-label") && !element.getAttribute("aria-labelledby") &&
      !element.getAttribute("title") && !element.textContent.trim() &&
      !(element.labels && element.labels.length);
  }

  function fieldLabel(element) {
    var container = element.closest("[class*='ControlContainer']");
    var label = container && container.querySelector("label");
    return label ? label.textContent.replace(/\s*\(optional\)\s*$/i, "").trim() : "";
  }

  function name(root) {
    root.querySelectorAll("[aria-roledescription='sortable']:not([aria-label])").forEach(function (handle) {
      handle.setAttribute("aria-label", "Move this item");
    });
    root.querySelectorAll("button").forEach(function (button) {
      var bar = button.parentElement;
      if (!unnamed(button) || !bar || !/TopBar/.test(String(bar.className))) return;
      // the top bar of a list, an object or a list item: show or hide, then remove
      var remove = /ListItemTopBar/.test(bar.className) && button === bar.lastElementChild;
      button.setAttribute("aria-label", remove ? "Remove this item" : "Show or hide");
    });
    root.querySelectorAll("[data-slate-editor][role='textbox']:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", fieldLabel(box) || "Text");
    });
    root.querySelectorAll("[role='dialog']:not([aria-label]):not([aria-labelledby])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Files");
    });
    root.querySelectorAll("img:not([alt])").forEach(function (image) {
      var card = image.closest("[class*='Card']");
      var caption = card && card.parentElement.querySelector("[class*='CardText']");
      image.setAttribute("alt", caption ? caption.textContent.trim() : "");
    });
    // A menu button wrapped around a button: the inner button is the control, and says
    // whether the menu is open.
    root.querySelectorAll("span[aria-haspopup]").forEach(function (wrapper) {
      var button = wrapper.querySelector("button");
      if (!button) return;
      button.setAttribute("aria-haspopup", "true");
      var open = wrapper.getAttribute("aria-expanded");
      if (open !== null) button.setAttribute("aria-expanded", open);
      ["role", "tabindex", "aria-haspopup", "aria-expanded"].forEach(function (attribute) {
        wrapper.removeAttribute(attribute);
      });
    });
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      name(document.body);
    });
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["aria-expanded"],
  });
})();
