// Datadog's RUM SDK as its CDN bundle exposes it: `window.DD_RUM`, session replay included.
import { datadogRum } from '@datadog/browser-rum';
window.DD_RUM = datadogRum;
