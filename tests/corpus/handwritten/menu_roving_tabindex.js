document.querySelectorAll('[role=menubar]').forEach((bar) => {
  const items = [...bar.querySelectorAll('[role=menuitem]')];
  let cur = 0;
  const focus = (i) => { items[cur].tabIndex = -1; cur = (i + items.length) % items.length; items[cur].tabIndex = 0; items[cur].focus(); };
  bar.addEventListener('keydown', (e) => {
    switch (e.key) {
      case 'ArrowRight': focus(cur + 1); break;
      case 'ArrowLeft': focus(cur - 1); break;
      case 'Home': focus(0); break;
      case 'End': focus(items.length - 1); break;
      default:
        if (e.key.length === 1) {
          const i = items.findIndex((it, j) => j > cur && it.textContent.trim().toLowerCase().startsWith(e.key.toLowerCase()));
          if (i >= 0) focus(i);
        }
    }
  });
  bar.addEventListener('click', (e) => { const i = items.indexOf(e.target.closest('[role=menuitem]')); if (i >= 0) focus(i); });
});
