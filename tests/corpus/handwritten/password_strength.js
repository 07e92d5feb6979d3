const COMMON = ['password', '123456', 'qwerty', 'letmein'];
function strength(pw) {
  let s = 0;
  if (pw.length >= 8) s++;
  if (pw.length >= 12) s++;
  if (/[A-Z]/.test(pw) && /[a-z]/.test(pw)) s++;
  if (/\d/.test(pw)) s++;
  if (/[^\w]/.test(pw)) s++;
  if (COMMON.includes(pw.toLowerCase())) s = 0;
  return s;
}
document.addEventListener('input', (e) => {
  const el = e.target;
  if (el.type !== 'password') return;
  const meter = document.querySelector(`meter[for="${el.id}"]`);
  if (meter) meter.value = strength(el.value);
}, true);
document.addEventListener('keydown', (e) => {
  if (e.target.type === 'password' && e.getModifierState && e.getModifierState('CapsLock')) document.body.classList.add('caps');
  else document.body.classList.remove('caps');
}, true);
