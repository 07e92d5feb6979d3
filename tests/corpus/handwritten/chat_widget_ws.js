// Support chat: a message goes out when the person presses Enter or the send button.
(function () {
  var box = document.getElementById('chat-input');
  var log = document.getElementById('chat-log');
  var ws = new WebSocket('wss://' + location.host + '/chat');
  ws.onmessage = function (m) {
    var msg = JSON.parse(m.data);
    var li = document.createElement('li'); li.textContent = msg.from + ': ' + msg.text; log.appendChild(li);
  };
  function sendMessage() {
    var text = box.value.trim();
    if (!text) return;
    ws.send(JSON.stringify({ type: 'message', text: text }));
    box.value = '';
  }
  box.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); sendMessage(); }
    else ws.send(JSON.stringify({ type: 'typing' }));
  });
  document.getElementById('chat-send').addEventListener('click', sendMessage);
})();
