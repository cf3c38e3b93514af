(function () {
  'use strict';
  var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
  var outcome = document.getElementById('filter-outcome');
  var suite = document.getElementById('filter-suite');
  var tag = document.getElementById('filter-tag');
  var gate = document.getElementById('filter-gate');
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  var texts = new WeakMap();

  function textOf(element) {
    var text = texts.get(element);
    if (text === undefined) {
      text = element.textContent.toLowerCase();
      texts.set(element, text);
    }
    return text;
  }

  function apply() {
    var wantedOutcome = outcome.value, wantedSuite = suite.value, wantedTag = tag.value, wantedGate = gate.value;
    var query = search.value.trim().toLowerCase();
    var count = 0;
    cases.forEach(function (element) {
      var visible = (!wantedOutcome || element.dataset.outcome === wantedOutcome)
        && (!wantedSuite || element.dataset.suite === wantedSuite)
        && (!wantedGate || element.dataset.gate === wantedGate)
        && (!wantedTag || element.dataset.tags.split('\n').indexOf(wantedTag) >= 0)
        && (!query || textOf(element).indexOf(query) >= 0);
      element.hidden = !visible;
      if (visible) {
        count++;
      }
    });
    shown.textContent = count + ' of ' + cases.length + (cases.length === 1 ? ' case' : ' cases');
  }

  [outcome, suite, tag, gate].forEach(function (select) { select.addEventListener('change', apply); });
  search.addEventListener('input', apply);
  Array.prototype.forEach.call(document.querySelectorAll('button[data-outcome]'), function (button) {
    button.addEventListener('click', function () {
      outcome.value = button.dataset.outcome;
      apply();
      document.getElementById('cases').scrollIntoView();
    });
  });
  document.getElementById('expand-all').addEventListener('click', function () {
    cases.forEach(function (element) { if (!element.hidden) { element.open = true; } });
  });
  document.getElementById('collapse-all').addEventListener('click', function () {
    cases.forEach(function (element) { element.open = false; });
  });
  apply();
})();
