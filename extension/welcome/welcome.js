// Runs in: the first-run page (an extension page), opened once when KeyVeil is installed and
// linked from the dashboard. Static words only: every one comes from _locales.

import { localise } from '../lib/page.js';

localise();
document.body.dataset.ready = 'true';
