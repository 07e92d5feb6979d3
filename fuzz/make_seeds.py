#!/usr/bin/env python3
"""Writes the seed files of fuzz/corpus/ (run from the repository root; commit its output).

Seeds are small, real-looking inputs for each target: the request fixtures, an rrweb batch,
a gzip body, a Sentry envelope, pixel URLs, a filter list with every option, a minified
recorder. Crash inputs found by fuzzing are added by hand as fuzz/corpus/<target>/crash-*
and never rewritten by this script. Deterministic: the same files every run.
"""
import base64, gzip, hashlib, json, os, zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')


def put(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(ROOT, target, name), 'wb') as f:
        f.write(data)


def gz(b):
    return gzip.compress(b, mtime=0)


def raw_deflate(b):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(b) + c.flush()


RRWEB = json.dumps([
    {"type": 4, "data": {"href": "https://shop.example/checkout", "width": 1280, "height": 720}, "timestamp": 1700000000000},
    {"type": 2, "data": {"node": {"type": 0, "childNodes": [], "id": 1}, "initialOffset": {"left": 0, "top": 0}}, "timestamp": 1700000000010},
    {"type": 3, "data": {"source": 1, "positions": [{"x": 10, "y": 20, "id": 5, "timeOffset": -40}]}, "timestamp": 1700000000050},
    {"type": 3, "data": {"source": 5, "text": "alice@example.org", "isChecked": False, "id": 17}, "timestamp": 1700000000090},
    {"type": 3, "data": {"source": 2, "type": 2, "id": 17, "x": 3, "y": 4}, "timestamp": 1700000000120},
], separators=(',', ':')).encode()

SENTRY = (b'{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","sent_at":"2026-11-23T10:00:00.000Z",'
          b'"sdk":{"name":"sentry.javascript.browser","version":"8.40.0"}}\n'
          b'{"type":"replay_event"}\n'
          b'{"type":"replay_event","replay_id":"9ec79c33ec9942ab8353589fcb2e04dc","segment_id":0}\n'
          b'{"type":"replay_recording","length":%d}\n' % (len(gz(RRWEB)) + 17)
          + b'{"segment_id":0}\n' + gz(RRWEB))

EM = hashlib.sha256(b'alice@example.org').hexdigest()
PIXEL_Q = ('id=1234567890123456&ev=PageView&dl=https%3A%2F%2Fshop.example%2Fcheckout&rl=&if=false'
           '&ts=1700000000000&sw=1920&sh=1080&v=2.9.176&r=stable&ec=0&o=4126'
           '&fbp=fb.1.1700000000000.987654321&it=1699999999000&coo=false&ud[em]=' + EM + '&rqm=GET')
PIXEL_AUTO = ('id=1234567890123456&ev=SubscribedButtonClick&dl=https%3A%2F%2Fshop.example%2F&ts=1700000000000'
              '&cd[buttonText]=Sign%20up&cd[buttonFeatures]=%7B%22classList%22%3A%22btn%22%7D'
              '&cd[formFeatures]=%5B%7B%22id%22%3A%22email%22%7D%5D&sw=1920&sh=1080&v=2.9.176&ec=1')
MULTIPART = ('--kvboundary\r\nContent-Disposition: form-data; name="id"\r\n\r\n1234567890123456\r\n'
             '--kvboundary\r\nContent-Disposition: form-data; name="ev"\r\n\r\nLead\r\n'
             '--kvboundary\r\nContent-Disposition: form-data; name="dl"\r\n\r\nhttps://shop.example/\r\n'
             '--kvboundary\r\nContent-Disposition: form-data; name="ts"\r\n\r\n1700000000000\r\n'
             '--kvboundary\r\nContent-Disposition: form-data; name="ud[em]"\r\n\r\n' + EM + '\r\n'
             '--kvboundary--\r\n')
SENSOR = '{"sensor_data":"2;0;3421766;4338244;12,0,0,1,2,0;X,$;vmU]5g*N;Qe|;kact:0,1,3,b,1700000000000;"}'
PX = 'payload=aUkzMTRjYjU2ZmQ%3D&appId=PXab12cd34&tag=v8.7.3&uuid=8d2b1f00-0000-4000-8000-000000000000&ft=317&seq=0&en=NTA&pc=1234567890'


def request(url, rtype='', initiator='', method='', body=b''):
    if isinstance(body, str):
        body = body.encode()
    return f'{url}\n{rtype}\n{initiator}\n{method}\n'.encode() + body


def main():
    # request: every labelled fixture, then hand-made bodies.
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, '..', 'tests', 'fixtures', 'requests.jsonl')) as f:
        for i, l in enumerate(f):
            r = json.loads(l)
            body = bytes.fromhex(r['body_hex']) if 'body_hex' in r else r.get('body', '').encode()
            put('request', f'fixture-{i:03}', request(r['url'], r.get('type', ''), r.get('initiator', ''),
                                                      r.get('method', ''), body))
    init = 'https://shop.example/checkout'
    put('request', 'pixel-url', request('https://www.facebook.com/tr/?' + PIXEL_Q, 'image', init, 'GET'))
    put('request', 'pixel-auto-events', request('https://www.facebook.com/tr/?' + PIXEL_AUTO, 'ping', init, 'GET'))
    put('request', 'pixel-form-post', request('https://shop.example/px/tr', 'ping', init, 'POST', PIXEL_Q))
    put('request', 'pixel-multipart', request('https://www.facebook.com/tr/', 'xmlhttprequest', init, 'POST', MULTIPART))
    put('request', 'rrweb-batch', request('https://shop.example/rec/batch', 'xmlhttprequest', init, 'POST', RRWEB))
    put('request', 'rrweb-gzip', request('https://collect.example.net/b', 'xmlhttprequest', init, 'POST', gz(RRWEB)))
    put('request', 'rrweb-zlib', request('https://collect.example.net/b', 'xmlhttprequest', init, 'POST', zlib.compress(RRWEB)))
    put('request', 'rrweb-gzip-cut', request('https://collect.example.net/b', 'xmlhttprequest', init, 'POST', gz(RRWEB)[:60]))
    put('request', 'rrweb-escaped', request('https://collect.example.net/b', 'beacon', init, 'POST',
                                            json.dumps({"events": RRWEB.decode()})))
    put('request', 'sentry-envelope', request('https://o1.ingest.sentry.io/api/1/envelope/?sentry_key=abc', 'xmlhttprequest', init, 'POST', SENTRY))
    put('request', 'sensor-data', request('https://shop.example/akam/13/7c2f', 'xmlhttprequest', init, 'POST', SENSOR))
    put('request', 'perimeterx', request('https://collector-pxab12cd34.px-cloud.net/api/v2/collector', 'xmlhttprequest', init, 'POST', PX))
    put('request', 'hotjar-websocket', request('wss://ws12.hotjar.com/api/v2/client/ws', 'websocket', init, ''))
    put('request', 'ipv6-userinfo', request('http://user:pw@[2001:db8::1]:8080/a/b?c=d#e', 'other', 'http://[::1]/', 'PUT'))
    put('request', 'bad-urls', request('data:text/html,<script>', 'script', 'not a url', 'GET'))
    put('request', 'main-frame', request('https://in.hotjar.com/api/v2/client', 'main_frame', '', 'GET'))

    # script: the hand-written fixtures and minified shapes.
    for name in ('recorder.js', 'listener.js'):
        with open(os.path.join(here, '..', 'tests', 'fixtures', name), 'rb') as f:
            src = f.read()
        put('script', name, src)
        put('script', 'url-' + name, b'https://cdn.example.net/' + name.encode() + b'\n' + src)
    put('script', 'minified-recorder',
        '!function(){var e=[],t=0;function n(n){e.push({type:3,data:{source:5,text:n.target.value,id:t++},'
        'timestamp:Date.now()})}document.addEventListener("input",n,!0);document.addEventListener("keydown",'
        'function(e){e.key},{capture:!0,passive:!0});addEventListener("mousemove",function(e){e.clientX+e.clientY});'
        'setInterval(function(){e.length&&(navigator.sendBeacon("https://rec.example.net/b",JSON.stringify(e.splice(0))))},'
        '5e3);var r=/[a-z]+\\/[0-9]*/g,o=`${t}/${r.source}`,i=1/2/3}();')
    put('script', 'hotjar-loader',
        'https://static.hotjar.com/c/hotjar-3141592.js?sv=7\n'
        '(function(h,o,t,j,a,r){h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};h._hjSettings={hjid:3141592,hjsv:7};'
        'a=o.getElementsByTagName("head")[0];r=o.createElement("script");r.async=1;r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;'
        'a.appendChild(r)})(window,document,"https://static.hotjar.com/c/hotjar-",".js?sv=");')
    put('script', 'fbq-base-code',
        "!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};"
        "if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;"
        "s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');"
        "fbq('init','1234567890123456',{em:'alice@example.org'});fbq('track','PageView');")
    put('script', 'keystroke-timing',
        'var d={},f=[];document.addEventListener("keydown",function(e){d[e.code]=performance.now()});'
        'document.addEventListener("keyup",function(e){f.push([e.code,performance.now()-d[e.code]])});'
        'window.addEventListener("beforeunload",function(){fetch("/bm/score",{method:"POST",keepalive:true,body:JSON.stringify(f)})});')
    put('script', 'hard-lexing', 'a = b / c / d; x = /=\\//g; y = `a${`b${c}`}`; z = "\\u{1F600}\\\n"; // end\n/* c */ q = 0x1F_n + .5e-3;')
    put('script', 'deep-nesting', '(' * 300 + '[{`${' * 50 + 'x' + '}`}]' * 50 + ')' * 300)

    # payload: compressed and encoded bodies.
    put('payload', 'rrweb-gzip', gz(RRWEB))
    put('payload', 'rrweb-zlib', zlib.compress(RRWEB))
    put('payload', 'rrweb-deflate-raw', raw_deflate(RRWEB))
    put('payload', 'gzip-multi-member', gz(RRWEB[:80]) + gz(RRWEB[80:]))
    put('payload', 'gzip-truncated', gz(RRWEB)[:50])
    put('payload', 'gzip-bomb-small', gz(b'\0' * 200_000))
    put('payload', 'sentry-envelope', SENTRY)
    put('payload', 'rrweb-plain', RRWEB)
    put('payload', 'pixel-form', PIXEL_Q)
    put('payload', 'pixel-multipart', MULTIPART)
    put('payload', 'sensor-data', SENSOR)
    put('payload', 'perimeterx', PX)
    put('payload', 'base64-json', base64.b64encode(RRWEB))
    put('payload', 'percent-encoded', 'q=%E2%82%AC%20100%25+done%zz%4&x=a+b')

    # leak: typed values, a blank line, then a payload that carries (or not) one of them.
    values = 'email=Alice@Example.org \nphone=+1 (555) 010-9999\nname=Ålice Ünderwood\n\n'
    put('leak', 'pixel-sha256', values + 'https://www.facebook.com/tr/?' + PIXEL_Q)
    put('leak', 'rrweb-plain', values.encode() + RRWEB)
    put('leak', 'rrweb-gzip', values.encode() + gz(RRWEB))
    put('leak', 'base64-batch', values.encode() + base64.b64encode(b'{"v":"alice@example.org","n":1}'))
    put('leak', 'base64url', values.encode() + base64.urlsafe_b64encode(b'??>>alice@example.org<<??'))
    put('leak', 'percent-form', values + 'email=alice%40example.org&tel=%2B1%20(555)%20010-9999')
    put('leak', 'md5-sha1', values + 'h1=' + hashlib.md5(b'alice@example.org').hexdigest().upper()
        + '&h2=' + hashlib.sha1(b'15550109999').hexdigest())
    put('leak', 'nothing', values + 'ev=PageView&id=1&dl=https%3A%2F%2Fshop.example%2F')
    put('leak', 'short-values', 'pin=1234\nx=yes\n\npin=1234&x=yes')

    # list: a filter list with every option, alias and fate.
    types = ['script', 'image', 'stylesheet', 'css', 'xmlhttprequest', 'xhr', 'ping', 'beacon', 'websocket',
             'subdocument', 'frame', 'media', 'font', 'object', 'other']
    every = ['[Adblock Plus 2.0]', '! Title: Every option', '! Homepage: https://example.org/list',
             '! Expires: 4 days (update frequency)', '! Version: 2026.12.02', '! Last modified: 2026-12-02',
             '! Description: seeds for the list fuzzer', '! License: MPL-2.0', '# a hash comment', '!',
             '! keyveil: class=session-replay; vendor=Acme Replay']
    every += [f'||{t}.acme.example^${t}' for t in types]
    every += ['||acme.example^$~script,~image', '||acme.example/rec/*$third-party', '||acme.example^$3p',
              '||acme.example^$~third-party', '||acme.example^$1p', '||acme.example^$first-party',
              '||acme.example^$domain=shop.example|~blog.shop.example', '||acme.example^$from=a.example',
              '||acme.example^$important', '@@||acme.example/ok^', '@@||acme.example^$domain=ok.example,important',
              '|https://acme.example/start', '/collect?*&ev=|', '*/beacon/*', 'acme^rec^', '||ws*.acme.example^$websocket',
              '$domain=only.example', '||ACME.Example^$Script', '! keyveil: class=meta-pixel; vendor=Meta',
              '||facebook.com/tr^', '! keyveil: class=keystroke-telemetry; vendor=Bot Co', '||bm.example^$xhr,ping',
              '! keyveil: class=ad-pixel; vendor=Ads', '||ads.example^$image', '! keyveil: end', '||plain.example^',
              '! ignored and rejected:', 'example.com##.banner', 'example.com#@#.ad', 'example.com##+js(noeval)',
              'example.com#%#window.x=1', 'example.com##^script', '/ads[0-9]+/', '!#if env_chromium', '!#include x.txt',
              '!#endif', '||r.example^$redirect=noop.js', '||c.example^$csp=script-src', '||m.example^$match-case',
              '||p.example^$popup', '||x.example^$bogus', '||x.example^$script=1', '||x.example^$domain',
              '||x.example^$~important', '||x.example^$third-party,~third-party', '||x.example^$domain=a..b',
              '||x.example^$', '||', '@@', '*', 'has space', 'ünïcode.example', '||bad host^',
              '! keyveil: class=nope; vendor=X', '! keyveil: vendor=NoClass', '||after-bad-meta.example^',
              '||x.example^$domain=shop.*', 'x' * 5000]
    put('list', 'every-option', '\n'.join(every) + '\n')
    with open(os.path.join(here, '..', 'lists', 'keyveil.txt')) as f:
        builtin = f.read()
    put('list', 'builtin-head', '\n'.join(builtin.splitlines()[:80]) + '\n')
    put('list', 'crlf-and-blank', '! Title: CRLF\r\n\r\n||a.example^\r\n  ||b.example^$xhr  \r\n\r\n')

    # dnr: list --- overrides JSON --- settings changes.
    dnr_list = '\n'.join(['! keyveil: class=session-replay; vendor=Acme Replay', '||rec.acme.example^',
                          '||acme.example/rec/*$xhr,third-party,domain=shop.example|~blog.shop.example',
                          '@@||rec.acme.example/ok^', '||rec.acme.example/important^$important',
                          '! keyveil: class=meta-pixel; vendor=Meta', '||facebook.com/tr^$image,ping',
                          '! keyveil: class=keystroke-telemetry; vendor=Bot Co', '||bm.example^',
                          '! keyveil: end', '||plain.example^', '$domain=only.example', 'a|b.example^'])
    put('dnr', 'overrides-and-settings', dnr_list + '\n---\n' + json.dumps(
        {"allowSites": ["WWW.Trusted.example", " "], "vendors": {"Meta": "fuzz", "Acme Replay": "allow"},
         "classes": {"keystroke-telemetry": "block"}}) + '\n---\n' + '\n'.join([
        'pause paused.example', 'resume shop.paused.example', 'site-vendor shop.example Meta fuzz',
        'site-class shop.example session-replay allow', 'site-class sub.shop.example session-replay block',
        'vendor Bot\u00a0Co block', 'class ad-pixel fuzz', 'class meta-pixel -', 'inherit paused.example',
        'pause https://Other.Example/path']) + '\n')
    put('dnr', 'builtin-defaults', builtin)
    put('dnr', 'bad-overrides', '||a.example^\n---\n{"allowSites": "x", "unknown": 1}\n---\npause a b c\n')

    # report: stored report --- export --- events.
    events = [
        {"id": "e1", "ts": 1700000000000, "site": "https://shop.example/checkout", "vendor": "Hotjar",
         "host": "static.hotjar.com", "class": "session-replay", "inputs": ["keys", "pointer"],
         "found_by": ["list-rule"], "blocked": 3},
        {"id": "e1", "ts": 1700000000000, "site": "shop.example", "vendor": "Hotjar", "class": "session-replay", "blocked": 3},
        {"id": "e2", "ts": 1700086400000, "site": "WWW.Shop.Example", "vendor": "Meta", "class": "meta-pixel",
         "stripped": 2, "leaks": [{"field": {"name": "email", "type": "email"}, "encoding": "sha256-hex"}]},
        {"ts": 1700090000000, "site": "blog.example", "host": "rec.example.net", "class": "keystroke-telemetry", "fuzzed": 40},
        {"ts": 0, "site": "bad time.example"}, {"ts": 1700000000000, "site": "none.example", "class": "none"},
    ]
    stored = {"version": 1, "sites": {"old.example": {"first_seen": 1690000000000, "last_seen": 1690000000000,
              "trackers": {"Hotjar": {"class": "session-replay", "first_seen": 1690000000000, "last_seen": 1690000000000,
                                      "days": [{"day": "2023-07-22", "blocked": 1, "fuzzed": 0, "stripped": 0}]}}},
              "bad..site": {}, "broken.example": {"trackers": 5}},
              "pruned": {"sites": 1, "trackers": 0, "day_entries": 2, "leaks": 0, "last_at": 1690000000000},
              "recent_ids": ["e0"]}
    export = dict(stored, format="keyveil-report", exported_at=1700000000000)
    del export["recent_ids"]
    put('report', 'stored-export-events', json.dumps(stored) + '\n---\n' + json.dumps(export) + '\n---\n' + json.dumps(events))
    put('report', 'future-version', '{"version": 9, "sites": {}}\n---\n{"format":"keyveil-report","version":2}\n---\n[]')
    put('report', 'junk', '{"version":1,"sites":[1,2]}\n---\nnot json\n---\n[{"ts":18446744073709551615,"site":"x.example","class":"session-replay"}]')


if __name__ == '__main__':
    main()
