const list = document.querySelector('ul.sortable');
let dragged = null;
list.addEventListener('dragstart', (e) => { dragged = e.target; e.dataTransfer.effectAllowed = 'move'; });
list.addEventListener('dragover', (e) => {
  e.preventDefault();
  const after = [...list.children].find((li) => e.clientY < li.getBoundingClientRect().top + li.offsetHeight / 2);
  if (after) list.insertBefore(dragged, after); else list.appendChild(dragged);
});
list.addEventListener('keydown', (e) => {
  const li = e.target.closest('li');
  if (e.key === 'ArrowUp' && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
  if (e.key === 'ArrowDown' && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
  li.focus();
});
list.addEventListener('dragend', saveOrder);
function saveOrder() {
  const order = [...list.children].map((li) => li.dataset.id);
  fetch('/api/lists/' + list.dataset.list + '/order', { method: 'PUT', body: JSON.stringify({ order }) })
    .then((r) => r.json()).then((j) => { list.dataset.version = j.version; });
}
