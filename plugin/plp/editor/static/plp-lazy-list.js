// Lists whose items start collapsed (a plan's goals) render an item's fields only once
// the student opens it: Decap renders the fields of a collapsed item and hides them, and
// a plan of 20 goals with 5 actions each then takes seconds to show. An item never opened
// is unchanged from the file, so it needs no checking by the form; plp validate still
// checks every pull request. Follows the list widget of the pinned Decap version.
(function () {
  "use strict";
  var CMS = window.CMS;
  var list = CMS.getWidget("list");
  if (!list || typeof window.h !== "function") return;
  var ListControl = list.control;

  class LazyListControl extends ListControl {
    constructor(props) {
      super(props);
      var renderAll = this.renderItem;
      var opened = new Set();
      this.renderItem = (item, index) => {
        var element = renderAll(item, index);
        var key = this.state.keys && this.state.keys[index];
        var collapsed = this.state.itemsCollapsed && this.state.itemsCollapsed[index];
        if (!collapsed) opened.add(key);
        var children = element && element.props && element.props.children;
        if (!collapsed || opened.has(key) || !Array.isArray(children)) return element;
        // the item's top bar and summary, without its fields (the last child)
        var props = Object.assign({}, element.props, { key: element.key });
        delete props.children;
        return window.h.apply(null, [element.type, props].concat(children.slice(0, -1)));
      };
    }
  }

  var widget = Object.assign({}, list, {
    name: "list",
    controlComponent: LazyListControl,
    previewComponent: list.preview,
  });
  delete widget.control; // else they would stand in for the new ones
  delete widget.preview;
  CMS.registerWidget(widget);
})();
