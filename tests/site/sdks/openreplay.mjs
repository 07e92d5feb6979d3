// OpenReplay's tracker as a script tag would expose it: `window.OpenReplay` (the Tracker class).
import Tracker from '@openreplay/tracker';
window.OpenReplay = Tracker;
