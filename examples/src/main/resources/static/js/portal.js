// CivicSurvey demo portal: progressive enhancements only; every page works without this script.
(function () {
  'use strict';
  // Show a question only when its show-if answer is chosen (the server drops hidden answers anyway).
  function updateShowIf() {
    document.querySelectorAll('fieldset[data-show-if]').forEach(function (fs) {
      var name = 'q_' + fs.getAttribute('data-show-if');
      var codes = fs.getAttribute('data-show-if-codes').split(' ');
      var chosen = Array.prototype.some.call(document.getElementsByName(name), function (input) {
        return input.checked && codes.indexOf(input.value) >= 0;
      });
      fs.hidden = !chosen;
    });
  }
  document.addEventListener('change', function (e) {
    if (e.target && e.target.name && e.target.name.indexOf('q_') === 0) { updateShowIf(); }
  });
  document.addEventListener('DOMContentLoaded', function () {
    updateShowIf();
    var summary = document.getElementById('error-summary');
    if (summary) { summary.focus(); }
  });
})();
