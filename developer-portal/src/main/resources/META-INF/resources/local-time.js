// Progressive enhancement: without JavaScript a <time class="local"> keeps its UTC text; its title holds the exact instant.
document.querySelectorAll('time.local[datetime]').forEach(function (time) {
  var when = new Date(time.getAttribute('datetime'));
  if (!isNaN(when)) { time.textContent = when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }); }
});
