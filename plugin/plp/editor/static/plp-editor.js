// Starts the web editor for one student: the collections are built for plans/<id>/ from
// the page's address (?student=<id>, as the link on the student's private site gives it).
// The page itself names no student; everything else comes from the code host, with the
// student's own sign-in.
(function () {
  "use strict";
  var settings = window.PLP_EDITOR;
  var ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
  var student = new URLSearchParams(window.location.search).get("student") || "";

  if (!ID.test(student)) {
    var start = document.getElementById("plp-start");
    start.hidden = false;
    if (student) {
      var problem = document.getElementById("plp-problem");
      problem.textContent =
        "That is not a student id: use lowercase letters, digits and dashes, the name of your folder in plans/.";
      problem.hidden = false;
    }
    return;
  }

  var text = JSON.stringify(settings.config).split("{student}").join(student);
  var config = JSON.parse(text);
  Object.keys(settings.orders).forEach(function (name) {
    window.CMS.registerCustomFormat(name, "md", window.PlpFormat.formatter(settings.orders[name], window.jsyaml));
  });
  window.CMS.init({ config: config });
})();
