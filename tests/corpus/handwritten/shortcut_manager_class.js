export class ShortcutManager {
  constructor(root = window) {
    this.root = root;
    this.handlers = new Map();
    this.pressed = new Set();
    this.onDown = this.onDown.bind(this);
    this.onUp = this.onUp.bind(this);
  }
  start() {
    this.root.addEventListener('keydown', this.onDown, true);
    this.root.addEventListener('keyup', this.onUp, true);
    this.root.addEventListener('blur', () => this.pressed.clear());
  }
  register(chord, fn) { this.handlers.set(chord.toLowerCase(), fn); }
  onDown(e) {
    this.pressed.add(e.code);
    const chord = [...this.pressed].sort().join('+').toLowerCase();
    const fn = this.handlers.get(chord) || this.handlers.get(e.key.toLowerCase());
    if (fn) { e.preventDefault(); fn({ key: e.key, code: e.code, time: e.timeStamp }); }
  }
  onUp(e) { this.pressed.delete(e.code); }
}
