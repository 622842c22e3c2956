// The plan form's price preview: while the admin types, asks the server for the sentence (the same class renders
// the page's first one) and shows it. Without JavaScript the first sentence stays; the plan is created either way.
(function () {
  var form = document.getElementById('plan-form');
  var preview = document.getElementById('price-preview');
  if (!form || !preview) {
    return;
  }
  var fields = ['currency', 'flatFee', 'includedRequests', 'overageModel', 'tierUpTo', 'tierUnitPrice',
    'lastTierUnitPrice', 'tierPerUnits'];
  var timer = null;
  var asked = 0;
  function update() {
    var query = new URLSearchParams();
    fields.forEach(function (name) {
      var field = form.elements[name];
      if (field) {
        query.set(name, field.value);
      }
    });
    var mine = ++asked;
    fetch('/console/plans/preview?' + query.toString(), { credentials: 'same-origin', headers: { 'Accept': 'text/plain' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) {
        if (text !== null && mine === asked) {
          preview.textContent = text;
        }
      })
      .catch(function () { /* keep the last preview; the form still works */ });
  }
  form.addEventListener('input', function (event) {
    if (fields.indexOf(event.target.name) >= 0) {
      clearTimeout(timer);
      timer = setTimeout(update, 200);
    }
  });
  form.addEventListener('change', function (event) {
    if (fields.indexOf(event.target.name) >= 0) {
      clearTimeout(timer);
      update();
    }
  });
})();
