// Sentry's browser SDK as its CDN bundle exposes it: `window.Sentry`, with the Replay integration.
import * as Sentry from '@sentry/browser';
window.Sentry = Sentry;
