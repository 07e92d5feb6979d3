$(document).on('dblclick', '.editable', function () {
  var $el = $(this), old = $el.text();
  var $in = $('<input type="text">').val(old);
  $el.empty().append($in);
  $in.focus();
  $in.on('keydown', function (e) {
    if (e.which === 27) { $el.text(old); return; }
    if (e.which !== 13) return;
    var val = $in.val();
    $.ajax({ url: '/items/' + $el.data('id'), type: 'PATCH', data: { title: val } })
      .done(function (res) { $el.text(res.title); })
      .fail(function () { $el.text(old); });
  });
});
