// Which first-party paths each stand-in uses, as the real sites do (see lists/keyveil.txt for
// the sources): `post` and `search` carry the person's own actions and must keep working;
// `typing` is a typing indicator (the person's choice, never blocked); `logs` are the pure
// interaction-logging endpoints, each with the way the real logger sends to it.
window.META_SITES = {
  'www.facebook.com': {
    name: 'Facebook', post: '/api/graphql/', search: '/ajax/typeahead/search/?q=', typing: '/ufi/typing/',
    logs: [{ url: '/ajax/bz', shape: 'banzai', via: 'beacon' }],
  },
  'www.instagram.com': {
    name: 'Instagram', post: '/graphql/query', search: '/api/v1/web/search/topsearch/?query=',
    logs: [
      { url: '/logging/falco', shape: 'falco', via: 'fetch' },
      { url: 'https://graph.instagram.com/logging_client_events', shape: 'client-events', via: 'fetch' },
      { url: '/ajax/bz', shape: 'banzai', via: 'beacon' },
    ],
  },
  'www.messenger.com': {
    name: 'Messenger', post: '/api/graphql/', search: '/ajax/typeahead/search/?q=', typing: '/ajax/messaging/typ.php',
    logs: [{ url: '/ajax/bnzai?__a=1', shape: 'banzai', via: 'fetch' }],
  },
  'www.threads.net': {
    name: 'Threads', post: '/api/graphql', search: '/api/graphql?search=',
    logs: [
      { url: 'https://graph.threads.net/logging_client_events', shape: 'client-events', via: 'fetch' },
      { url: '/logging/falco', shape: 'falco', via: 'fetch' },
    ],
  },
  'www.threads.com': {
    name: 'Threads', post: '/api/graphql', search: '/api/graphql?search=',
    logs: [{ url: '/logging/falco', shape: 'falco', via: 'fetch' }],
  },
  'web.whatsapp.com': {
    // Real messages travel over an encrypted WebSocket; a POST stands in for it here.
    name: 'WhatsApp', post: '/send', search: '/search?q=',
    logs: [{ url: 'https://dyn.web.whatsapp.com/wam', shape: 'wam', via: 'fetch' }],
  },
};
