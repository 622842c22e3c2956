// Destructive console actions (revoke, suspend, reject, cancel, retire) carry data-confirm on their submit
// button: the browser asks before the form is sent. With data-confirm-field and data-confirm-value it asks only
// when that form field holds that value (the lifecycle form asks before "retired" only). Without JavaScript the
// form is sent as it is; the server never relies on this question having been asked.
document.addEventListener('submit', function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute('data-confirm');
  if (!question) {
    return;
  }
  var field = button.getAttribute('data-confirm-field');
  if (field) {
    var input = event.target.elements[field];
    if (!input || input.value !== button.getAttribute('data-confirm-value')) {
      return;
    }
  }
  if (!window.confirm(question)) {
    event.preventDefault();
  }
});
