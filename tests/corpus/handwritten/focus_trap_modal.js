var Modal = function (el) {
  this.el = el;
  this.prev = null;
  this.keyHandler = this.onKey.bind(this);
};
Modal.prototype.open = function () {
  this.prev = document.activeElement;
  this.el.hidden = false;
  document.addEventListener('keydown', this.keyHandler, true);
  this.focusables()[0].focus();
};
Modal.prototype.close = function () {
  this.el.hidden = true;
  document.removeEventListener('keydown', this.keyHandler, true);
  if (this.prev) this.prev.focus();
};
Modal.prototype.focusables = function () {
  return this.el.querySelectorAll('a[href], button, input, textarea, select, [tabindex]:not([tabindex="-1"])');
};
Modal.prototype.onKey = function (e) {
  if (e.key === 'Escape' || e.keyCode === 27) return this.close();
  if (e.key !== 'Tab') return;
  var f = this.focusables(), first = f[0], last = f[f.length - 1];
  if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
  else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
};
