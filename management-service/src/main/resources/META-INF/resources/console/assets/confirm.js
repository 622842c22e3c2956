// Destructive console actions (revoke, suspend, reject, cancel, retire, delete) carry data-confirm on their
// submit button: the browser asks before the form is sent. Without JavaScript the form is sent as it is;
// the server never relies on this question having been asked.
document.addEventListener('submit', function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
