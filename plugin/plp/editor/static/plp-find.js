// Finds the signed-in student's folder: the plans/<id>/plan.md whose student.git lists
// the login the code host gives for the signed-in user (GitHub, GitLab and Gitea logins
// are compared without regard to case, as those hosts do).
(function (root) {
  "use strict";

  var PLAN = /^plans\/([a-z0-9][a-z0-9-]{1,62})\/plan\.md$/;

  function frontmatter(text, yaml) {
    var match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
    if (!match) return null;
    try {
      return yaml.load(match[1]);
    } catch (error) {
      return null; // a plan that does not read is nobody's: plp validate names it
    }
  }

  // The ids of the students whose plan lists `login`; `plans` are [{path, data}], the
  // path relative to the repository and data the file's text.
  function studentsFor(login, plans, yaml) {
    var wanted = String(login || "").toLowerCase();
    if (!wanted) return [];
    var found = [];
    plans.forEach(function (plan) {
      var match = PLAN.exec(plan.path);
      if (!match) return;
      var data = frontmatter(plan.data, yaml);
      var student = data && data.student;
      var identities = student && Array.isArray(student.git) ? student.git : [];
      var mine = identities.some(function (identity) {
        return String(identity).toLowerCase() === wanted;
      });
      if (mine && found.indexOf(match[1]) < 0) found.push(match[1]);
    });
    return found.sort();
  }

  // What the page says when the login matches no plan or several (null: exactly one).
  function problem(login, found) {
    if (!login) {
      return "The editor could not tell who is signed in. Type your student id below.";
    }
    if (found.length === 0) {
      return "No plan lists your login " + login + " under student.git. Ask your advisor to add it, or type your student id below.";
    }
    if (found.length > 1) {
      return "Your login " + login + " is listed under student.git in several plans (" + found.join(", ") + "). Ask your advisor to keep it in yours only, or type your student id below.";
    }
    return null;
  }

  var api = { studentsFor: studentsFor, problem: problem };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.PlpFind = api;
})(this);
