// Starts the web editor for one student: the collections are built for plans/<id>/ from
// the page's address (?student=<id>, as the link on the student's private site gives it),
// or, without one, from the signed-in login: the plan whose student.git lists it. The
// page itself names no student; everything else comes from the code host, with the
// student's own sign-in.
(function () {
  "use strict";
  performance.mark("plp-editor-start"); // Decap's script has run (benchmarks/bench_editor.py)
  var settings = window.PLP_EDITOR;
  var backendName = settings.config.backend.name;
  var ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
  var USER_KEY = "decap-cms-user"; // where Decap keeps the signed-in user
  var SIGN_IN = "_sign-in"; // no student's folder: the editor only signs in with it
  var PLAN_PATH = /^plans\/[^/]+\/plan\.md$/; // read only these (GitHub filters by it)
  var student = new URLSearchParams(window.location.search).get("student") || "";
  var start = document.getElementById("plp-start");
  var status = document.getElementById("plp-status");

  function configFor(id) {
    return JSON.parse(JSON.stringify(settings.config).split("{student}").join(id));
  }

  // The start page, with `problem` said; Decap's interface stays hidden once the editor
  // has been looking for the student's plan.
  function showStart(problem) {
    status.hidden = true;
    start.hidden = false;
    if (problem) {
      var line = document.getElementById("plp-problem");
      line.textContent = problem;
      line.hidden = false;
    }
  }

  function say(text) {
    document.body.className = "plp-finding";
    start.hidden = true;
    status.textContent = text;
    status.hidden = false;
  }

  function storedUser() {
    try {
      var user = JSON.parse(window.localStorage.getItem(USER_KEY) || "null");
      return user && user.backendName === backendName ? user : null;
    } catch (error) {
      return null;
    }
  }

  // The login of the signed-in user: the code host's (Decap's user object), or for the
  // local backend (decap-server), which has no sign-in, window.plpLocalLogin if set.
  function loginOf(user) {
    if (user && user.login) return String(user.login);
    if (backendName === "proxy" && window.plpLocalLogin) return String(window.plpLocalLogin);
    return "";
  }

  function openPlan(id) {
    var address = new URL(window.location.href);
    address.search = "?student=" + encodeURIComponent(id);
    window.location.replace(address.toString());
  }

  // Reads every plans/<id>/plan.md through Decap's own backend, signed in as the student.
  function findStudent(user) {
    say("Finding your plan…");
    var config = configFor(SIGN_IN);
    var backend = window.CMS.getBackend(backendName).init(config, {});
    var login = "";
    return Promise.resolve(backend.restoreUser(user))
      .then(function (signedIn) {
        login = loginOf(signedIn);
        if (!login) return [];
        // Every plan: a code host's entriesByFolder gives the first page (20 files) only;
        // decap-server's gives them all and has no allEntriesByFolder.
        if (typeof backend.allEntriesByFolder === "function") {
          return backend.allEntriesByFolder("plans", "md", 2, PLAN_PATH);
        }
        return backend.entriesByFolder("plans", "md", 2);
      })
      .then(function (entries) {
        var plans = entries.map(function (entry) {
          return { path: entry.file.path, data: entry.data };
        });
        var found = window.PlpFind.studentsFor(login, plans, window.jsyaml);
        var problem = window.PlpFind.problem(login, found);
        if (problem) showStart(problem);
        else openPlan(found[0]);
      })
      .catch(function (error) {
        showStart("The editor could not read the plans: " + (error && error.message) +
          ". Type your student id below.");
      });
  }

  function registerFormats() {
    Object.keys(settings.orders).forEach(function (name) {
      window.CMS.registerCustomFormat(name, "md", window.PlpFormat.formatter(settings.orders[name], window.jsyaml));
    });
  }

  if (student && !ID.test(student)) {
    showStart("That is not a student id: use lowercase letters, digits and dashes, the name of your folder in plans/.");
    return;
  }
  if (student) {
    registerFormats();
    window.CMS.init({ config: configFor(student) });
    return;
  }
  if (backendName === "proxy" && !window.plpLocalLogin) {
    showStart(""); // the local backend has no sign-in to find the student by
    return;
  }
  var user = storedUser();
  if (user) {
    findStudent(user);
    return;
  }
  // Not signed in: Decap's own sign-in page first, then find the student's plan.
  document.body.className = "plp-signing-in";
  registerFormats();
  window.CMS.init({ config: configFor(SIGN_IN) });
  var waiting = window.setInterval(function () {
    var signedIn = storedUser();
    if (signedIn) {
      window.clearInterval(waiting);
      findStudent(signedIn);
    }
  }, 200);
})();
