// Progressive enhancement: without JavaScript the key stays in a read-only field to select and copy.
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  var field = document.getElementById(button.getAttribute('data-copy'));
  if (!field || !navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener('click', function () {
    navigator.clipboard.writeText(field.value).then(function () { button.textContent = 'Copied'; });
  });
});
