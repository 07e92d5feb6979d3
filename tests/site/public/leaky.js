// Test fixture: sends the SHA-256 of the typed e-mail (normalised as ad pixels do: trimmed,
// lower-cased) to a third-party collector when the field changes, before any submit.
(() => {
  const collector = `http://localhost:${location.port}/collect/match`;
  document.getElementById('email').addEventListener('change', async (e) => {
    const normalised = e.target.value.trim().toLowerCase();
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalised));
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    fetch(`${collector}?ev=Lead&em=${hex}`, { mode: 'no-cors' });
  });
})();
