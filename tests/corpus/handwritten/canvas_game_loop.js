const canvas = document.getElementById('game');
const ctx = canvas.getContext('2d');
const keys = {};
const player = { x: 100, y: 100, vx: 0, vy: 0 };
let aim = { x: 0, y: 0 };
const bullets = [];
window.addEventListener('keydown', (e) => { keys[e.code] = true; if (e.code === 'Space') e.preventDefault(); });
window.addEventListener('keyup', (e) => { keys[e.code] = false; });
canvas.addEventListener('mousemove', (e) => { const r = canvas.getBoundingClientRect(); aim = { x: e.clientX - r.left, y: e.clientY - r.top }; });
canvas.addEventListener('mousedown', () => {
  const a = Math.atan2(aim.y - player.y, aim.x - player.x);
  bullets.push({ x: player.x, y: player.y, vx: Math.cos(a) * 8, vy: Math.sin(a) * 8, born: performance.now() });
});
function step(t) {
  player.vx = (keys.KeyD ? 3 : 0) - (keys.KeyA ? 3 : 0);
  player.vy = (keys.KeyS ? 3 : 0) - (keys.KeyW ? 3 : 0);
  player.x += player.vx; player.y += player.vy;
  for (let i = bullets.length - 1; i >= 0; i--) {
    const b = bullets[i]; b.x += b.vx; b.y += b.vy;
    if (t - b.born > 2000) bullets.splice(i, 1);
  }
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillRect(player.x - 5, player.y - 5, 10, 10);
  bullets.forEach((b) => ctx.fillRect(b.x, b.y, 2, 2));
  requestAnimationFrame(step);
}
requestAnimationFrame(step);
