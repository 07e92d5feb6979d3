class SignaturePad {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.drawing = false;
    canvas.addEventListener('pointerdown', (e) => { this.drawing = true; this.ctx.beginPath(); this.ctx.moveTo(e.offsetX, e.offsetY); });
    canvas.addEventListener('pointermove', (e) => { if (this.drawing) { this.ctx.lineTo(e.offsetX, e.offsetY); this.ctx.stroke(); } });
    canvas.addEventListener('pointerup', () => { this.drawing = false; });
    document.addEventListener('keydown', (e) => { if (e.key === 'Delete') this.clear(); });
  }
  clear() { this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height); }
  toField(input) { input.value = this.canvas.toDataURL('image/png'); }
}
const pad = new SignaturePad(document.querySelector('#sig'));
document.querySelector('form#contract').addEventListener('submit', function () { pad.toField(this.elements.signature); });
