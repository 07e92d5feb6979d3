(function (root) {
  var grid = root.querySelector('.grid'), r = 0, c = 0, rows, cols, clip = '';
  function cell(i, j) { return grid.rows[i] && grid.rows[i].cells[j]; }
  function move(dr, dc) { rows = grid.rows.length; cols = grid.rows[0].cells.length; r = Math.max(0, Math.min(rows - 1, r + dr)); c = Math.max(0, Math.min(cols - 1, c + dc)); cell(r, c).focus(); }
  grid.addEventListener('keydown', function (e) {
    var map = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Tab: [0, e.shiftKey ? -1 : 1] };
    if (map[e.key]) { e.preventDefault(); move(map[e.key][0], map[e.key][1]); return; }
    if ((e.ctrlKey || e.metaKey) && e.key === 'c') clip = cell(r, c).textContent;
    if ((e.ctrlKey || e.metaKey) && e.key === 'v') cell(r, c).textContent = clip;
    if (e.key === 'F2' || e.keyCode === 113) cell(r, c).contentEditable = 'true';
  });
  grid.addEventListener('mousedown', function (e) {
    var td = e.target.closest('td'); if (!td) return;
    r = td.parentNode.rowIndex; c = td.cellIndex;
  });
  grid.addEventListener('dblclick', function (e) { var td = e.target.closest('td'); if (td) td.contentEditable = 'true'; });
})(document);
