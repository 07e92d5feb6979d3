//! Each behaviour feature on a small script, and the verdict table on the shapes that matter:
//! loaders, pixels, recorders, and libraries that only listen.

use keyveil::script::features::extract;
use keyveil::script::terms::Signal;
use keyveil::script::{classify, weights};
use keyveil::Class;

fn count(src: &str, s: Signal) -> u32 {
    extract(src.as_bytes()).count(s)
}

#[test]
fn event_names_count_as_strings_not_identifiers() {
    assert_eq!(
        count("el.addEventListener('keydown', f)", Signal::KeyEvents),
        1
    );
    assert_eq!(count("var keydown = 1; keydown++", Signal::KeyEvents), 0);
    assert_eq!(count("el.onkeydown = f", Signal::KeyEvents), 1);
    assert_eq!(
        count("['mousemove','pointermove']", Signal::PointerMoves),
        2
    );
}

#[test]
fn listeners_record_their_target_and_phase() {
    let f = extract(b"document.addEventListener('keydown', h, true)");
    assert!(f.on_document && !f.on_window && f.capture);
    let f = extract(b"window.addEventListener(\"input\", h, {capture: !0})");
    assert!(f.on_window && f.capture);
    let f = extract(b"el.addEventListener('click', h, !0)");
    assert!(!f.on_document && !f.on_window && f.capture);
    let f = extract(b"el.addEventListener('click', h)");
    assert!(!f.capture);
    // Only the event argument of addEventListener counts as listened to.
    let f = extract(b"x('keydown'); document.addEventListener('input', h)");
    let names: Vec<_> = keyveil::script::terms::TERMS
        .iter()
        .enumerate()
        .filter(|(i, _)| f.listened_to(*i))
        .map(|(_, t)| t.text)
        .collect();
    assert_eq!(names, vec!["input"]);
}

#[test]
fn properties_count_only_after_a_dot_or_as_bracket_strings() {
    assert_eq!(count("e.key; e?.keyCode; e['which']", Signal::KeyRead), 3);
    assert_eq!(
        count("var key = 1; f(key); x = {key: 1}", Signal::KeyRead),
        0
    );
    assert_eq!(count("e.timeStamp", Signal::TimingRead), 1);
    assert_eq!(count("e.clientX + e.pageY", Signal::PointerRead), 2);
    assert_eq!(count("t.value; t.selectionStart", Signal::ValueRead), 2);
}

#[test]
fn serialisation_compression_and_sinks() {
    assert_eq!(
        count("new MutationObserver(cb)", Signal::MutationObserver),
        1
    );
    assert_eq!(
        count("n.outerHTML; new XMLSerializer()", Signal::MarkupRead),
        2
    );
    assert_eq!(count("n.childNodes; n.nextSibling", Signal::TreeWalk), 2);
    assert_eq!(
        count("getComputedStyle(n); s.cssRules", Signal::StyleHarvest),
        2
    );
    assert_eq!(
        count(
            "t.FullSnapshot=2; 'IncrementalSnapshot'",
            Signal::SnapshotVocab
        ),
        2
    );
    assert_eq!(
        count(
            "new CompressionStream('gzip'); LZString.compressToBase64(s)",
            Signal::Compression
        ),
        3
    );
    assert_eq!(count("navigator.sendBeacon(u, b)", Signal::SendBeacon), 1);
    assert_eq!(count("fetch(u); new XMLHttpRequest()", Signal::HttpSink), 2);
    assert_eq!(count("new WebSocket(u)", Signal::WebSocket), 1);
    assert!(extract(b"new Image().src = u").image_beacon);
    assert_eq!(
        count("HTMLInputElement.prototype", Signal::FieldPrototypes),
        1
    );
    assert_eq!(
        count("if (t.type === 'password')", Signal::PasswordNamed),
        1
    );
    assert_eq!(
        count(
            "addEventListener('visibilitychange', f)",
            Signal::FlushOnHide
        ),
        1
    );
    assert_eq!(count("w.devicePixelRatio", Signal::ViewportRead), 1);
}

#[test]
fn vendor_hosts_match_at_a_dot_boundary_only() {
    let f = extract(b"s.src = 'https://static.hotjar.com/c/hotjar-' + id");
    assert_eq!(f.hosts, vec!["static.hotjar.com"]);
    assert!(extract(b"u = 'https://notstatic.hotjar.com.evil/x'")
        .hosts
        .is_empty());
    assert!(extract(b"u = 'https://myhotjar.io/'").hosts.is_empty());
    // A host with a path needs the path.
    assert!(extract(b"u = 'https://www.facebook.com/share'")
        .hosts
        .is_empty());
    assert_eq!(
        extract(b"u = 'https://www.facebook.com/tr?id=1'").hosts,
        vec!["www.facebook.com"]
    );
}

#[test]
fn hotjar_loader_in_a_template_is_a_session_recorder() {
    let src = "const s = `(function(h,o,t,j,a,r){h._hjSettings={hjid:${id},hjsv:6};\
        r=o.createElement('script');r.src=t+h._hjSettings.hjid+j;a.appendChild(r);})\
        (window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');`;";
    let v = classify(None, src.as_bytes());
    assert!(v.records_input, "{v:?}");
    assert_eq!(v.class, Class::SessionReplay);
    assert_eq!(v.vendor.as_deref(), Some("Hotjar"));
    assert!(
        v.evidence.iter().any(|e| e.contains("loader for Hotjar")),
        "{:?}",
        v.evidence
    );
}

#[test]
fn meta_pixel_bootstrap_is_a_meta_pixel() {
    let src = "!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?\
        n.callMethod.apply(n,arguments):n.queue.push(arguments)};t=b.createElement(e);t.async=!0;\
        t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,\
        'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init','123');fbq('track','PageView');";
    let v = classify(None, src.as_bytes());
    assert!(v.records_input);
    assert_eq!(v.class, Class::MetaPixel);
    assert_eq!(v.vendor.as_deref(), Some("Meta"));
}

#[test]
fn a_pixel_wrapper_that_drives_fbq_is_a_meta_pixel() {
    let v = classify(
        None,
        b"window.fbq('init', id); window.fbq('track', 'PageView');",
    );
    assert!(v.records_input, "{v:?}");
    assert_eq!(v.class, Class::MetaPixel);
    // Naming it without driving it is not enough.
    let v = classify(None, b"if (window.fbq) { ready = true }");
    assert!(!v.records_input, "{v:?}");
}

/// A hand-written recorder in the rrweb mould, with no vendor name anywhere.
const RECORDER: &str = r#"
var EventType = {}; EventType[EventType.FullSnapshot = 2] = "FullSnapshot";
EventType[EventType.IncrementalSnapshot = 3] = "IncrementalSnapshot";
var Source = {}; Source[Source.MouseInteraction = 2] = "MouseInteraction";
["keydown","input","change","mousemove","scroll"].forEach(function (ev) {
  document.addEventListener(ev, function (e) {
    buf.push({t: e.timeStamp, k: e.key, v: e.target.value, x: e.clientX, y: e.clientY});
  }, true);
});
[HTMLInputElement, HTMLTextAreaElement, HTMLSelectElement, HTMLInputElement].forEach(hookValue);
new MutationObserver(function (m) { buf.push(serialize(m)) }).observe(document, {subtree: true});
function flush() { navigator.sendBeacon(collector, JSON.stringify(buf)) }
addEventListener("visibilitychange", flush);
"#;

#[test]
fn an_unbranded_recorder_is_found_and_explained() {
    let v = classify(None, RECORDER.as_bytes());
    assert!(v.records_input, "{v:?}");
    assert_eq!(v.class, Class::SessionReplay);
    assert_eq!(v.vendor.as_deref(), Some("rrweb"));
    let all = v.evidence.join("\n");
    assert!(all.contains("input events keydown"), "{all}");
    assert!(all.contains("adds listeners on document"), "{all}");
    assert!(all.contains("capture phase"), "{all}");
    assert!(all.contains("sends with sendBeacon"), "{all}");
    assert!(
        all.contains("serialises the page with MutationObserver"),
        "{all}"
    );
    let sum: f32 = v
        .evidence
        .iter()
        .filter_map(|e| e.rsplit_once("(+"))
        .map(|(_, w)| w.trim_end_matches(')').parse::<f32>().unwrap())
        .sum();
    assert!(
        (sum - v.score).abs() < 0.05,
        "evidence adds up to the score: {sum} vs {}",
        v.score
    );
}

#[test]
fn the_same_listening_without_a_way_out_is_not_recording() {
    // An editor: listens, reads keys and values, watches the DOM; sends nothing.
    let src = r#"
      document.addEventListener("keydown", onKey, true);
      el.addEventListener("input", onInput); el.addEventListener("change", onInput);
      el.addEventListener("mousemove", onMove); el.addEventListener("scroll", onScroll);
      function onKey(e) { if (e.key === "Enter" || e.keyCode === 13) run(e.target.value) }
      function onMove(e) { pos = [e.clientX, e.clientY, e.pageX] }
      new MutationObserver(sync).observe(el, {childList: true});
      var v = el.value + el.value + el.selectionStart; var t = e.timeStamp;
      [HTMLInputElement, HTMLTextAreaElement, HTMLSelectElement, HTMLInputElement];
    "#;
    let with_hooks = classify(None, src.as_bytes());
    // Field prototypes are a way out (a recording format); without them nothing leaves.
    assert!(with_hooks.records_input);
    let plain = src.replace(
        "[HTMLInputElement, HTMLTextAreaElement, HTMLSelectElement, HTMLInputElement];",
        "",
    );
    let v = classify(None, plain.as_bytes());
    assert!(!v.records_input, "{v:?}");
    assert_eq!(v.class, Class::None);
    assert_eq!(v.vendor, None);
}

#[test]
fn keystroke_timing_without_serialisation_is_telemetry() {
    let src = r#"
      document.addEventListener("keydown", d); document.addEventListener("keyup", u);
      document.addEventListener("mousemove", m);
      function d(e) { t.push([e.keyCode, e.timeStamp]) } function u(e) { t.push([e.which, e.timeStamp]) }
      function m(e) { p.push([e.clientX, e.clientY]) }
      setInterval(function () { navigator.sendBeacon("/sensor", JSON.stringify({sensor_data: t})) }, 5000);
    "#;
    let v = classify(None, src.as_bytes());
    assert!(v.records_input, "{v:?}");
    assert_eq!(v.class, Class::KeystrokeTelemetry);
}

#[test]
fn a_script_served_from_a_recorder_host_is_that_recorder() {
    let v = classify(
        Some("https://static.hotjar.com/c/hotjar-123.js?sv=6"),
        b"(function(){})()",
    );
    assert!(v.records_input);
    assert_eq!(v.vendor.as_deref(), Some("Hotjar"));
    let v = classify(
        Some("https://example.com/static.hotjar.com.js"),
        b"(function(){})()",
    );
    assert!(!v.records_input);
}

#[test]
fn vendor_weights_come_from_the_table() {
    assert_eq!(classify(None, b"x = 1").score, 0.0);
    // A recorder's host alone is worth VENDOR_HOST, and that is enough.
    let v = classify(None, b"u = 'https://in.hotjar.com/api'");
    assert_eq!(v.score, weights::VENDOR_HOST);
    assert_eq!(v.records_input, weights::VENDOR_HOST >= weights::THRESHOLD);
    // A global alone is worth VENDOR_GLOBAL, and that is not.
    let v = classify(None, b"window._hjSettings");
    assert_eq!(v.score, weights::VENDOR_GLOBAL);
    assert_eq!(
        v.records_input,
        weights::VENDOR_GLOBAL >= weights::THRESHOLD
    );
    assert!(!v.records_input);
    // Host plus script injection: the loader bonus on top.
    let v = classify(
        None,
        b"s = document.createElement('script'); s.src = 'https://in.hotjar.com/x.js'",
    );
    assert_eq!(v.score, weights::VENDOR_HOST + weights::LOADER);
}

#[test]
fn every_weak_signal_at_once_is_still_not_recording() {
    // A big editor fires every weak row: all events on document, every read, the DOM walked and
    // observed, XHR and WebSocket. Without a recorder's mark or a vendor, it must stay benign.
    let mut src = String::from("document.addEventListener('keydown', h, true);\n");
    for t in keyveil::script::terms::TERMS {
        let mark = matches!(
            t.signal,
            Signal::FieldPrototypes
                | Signal::SnapshotVocab
                | Signal::Compression
                | Signal::SendBeacon
        );
        if !mark {
            for _ in 0..20 {
                src.push_str(&format!("x.{0}; y['{0}']; z = '{0}'; {0};\n", t.text));
            }
        }
    }
    let v = classify(None, src.as_bytes());
    assert!(!v.records_input, "{v:?}");
    assert!(v.score < weights::THRESHOLD);
}

/// A first-party keystroke-timing logger: key, code, dwell and flight per key, batched every
/// 500 ms, base64 inside a JSON body, POSTed to a first-party path. Each signal is weak.
const TIMING_LOGGER: &str = r#"
(function () {
  var down = {}, lastUp = 0, batch = [];
  document.addEventListener('keydown', function (ev) { down[ev.code] = performance.now(); }, true);
  document.addEventListener('keyup', function (ev) {
    var t = performance.now(), d = down[ev.code] || t;
    batch.push({ k: ev.key, c: ev.code, dwell: t - d, flight: lastUp ? d - lastUp : 0 });
    lastUp = t;
  }, true);
  setInterval(function () {
    var payload = btoa(JSON.stringify(batch));
    batch = [];
    var x = new XMLHttpRequest();
    x.open('POST', '/api/session/verify');
    x.send(JSON.stringify({ v: 2, d: payload }));
  }, 500);
})();
"#;

#[test]
fn a_small_logger_whose_reads_reach_its_request_is_telemetry() {
    let v = classify(None, TIMING_LOGGER.as_bytes());
    assert!(v.records_input, "{v:?}");
    assert_eq!(v.class, Class::KeystrokeTelemetry);
    let line = v
        .evidence
        .iter()
        .find(|e| e.starts_with("ships what it reads"))
        .unwrap_or_else(|| panic!("{:?}", v.evidence));
    assert!(line.contains("keys, event times"), "{line}");
    assert!(line.contains("send()"), "{line}");
    assert_eq!(v.signals.get("ShipsWhatItReads"), Some(&2));
    // Without the link the same script is below the line: the link is what decides.
    let without = v.score - weights::FLOW_LINK - weights::FLOW_EXTRA;
    assert!(without < weights::THRESHOLD, "{without}");
}

#[test]
fn the_same_reads_without_a_way_out_are_not_recording() {
    // The batch is drawn on the page instead of sent.
    let src = TIMING_LOGGER
        .replace("var x = new XMLHttpRequest();", "")
        .replace("x.open('POST', '/api/session/verify');", "")
        .replace(
            "x.send(JSON.stringify({ v: 2, d: payload }));",
            "chart.draw(payload);",
        );
    let v = classify(None, src.as_bytes());
    assert!(!v.records_input, "{v:?}");
    // A request that carries none of the reads is not a link either.
    let src = TIMING_LOGGER.replace(
        "x.send(JSON.stringify({ v: 2, d: payload }));",
        "x.send(JSON.stringify({ v: 2 }));",
    );
    let v = classify(None, src.as_bytes());
    assert!(!v.records_input, "{v:?}");
    assert!(!v.signals.contains_key("ShipsWhatItReads"), "{v:?}");
}

#[test]
fn indirection_does_not_hide_the_link() {
    // Event names from pieces, listener registration and the beacon through bound aliases.
    let src = r#"
      var K = 'key';
      const on = document.addEventListener.bind(document);
      const beacon = navigator.sendBeacon.bind(navigator);
      const trail = [];
      on(K + 'down', ev => trail.push({ k: ev[K], t: ev.timeStamp }), true);
      setInterval(() => { if (trail.length) beacon('/t', JSON.stringify(trail.splice(0))); }, 4000);
    "#;
    let v = classify(None, src.as_bytes());
    assert!(v.records_input, "{v:?}");
    assert_eq!(v.class, Class::KeystrokeTelemetry);
    assert!(
        v.evidence.iter().any(|e| e.contains("a wrapper of these")),
        "{:?}",
        v.evidence
    );
}

#[test]
fn field_values_count_only_with_page_wide_reach_and_no_answer_read() {
    // Every field's value on focusout, from document, by beacon: a field recorder.
    let rec = r#"
      document.addEventListener('focusout', function (e) {
        var d = new FormData(); d.append('v', e.target.value);
        navigator.sendBeacon('/partial', d);
      }, true);
    "#;
    let v = classify(None, rec.as_bytes());
    assert!(v.records_input, "{v:?}");
    // The same from one element (a chat box sending its text): the person's own message.
    let own = rec.replace("document.addEventListener", "box.addEventListener");
    assert!(!classify(None, own.as_bytes()).records_input);
    // A search box on document whose answer is shown: a question, not a recording.
    let ask = r#"
      document.addEventListener('input', function (e) {
        fetch('/suggest?q=' + encodeURIComponent(e.target.value))
          .then(function (r) { return r.json(); }).then(render);
      }, true);
    "#;
    let v = classify(None, ask.as_bytes());
    assert!(!v.records_input, "{v:?}");
    // Values pushed into a batch first are a recording even if the reply is read.
    let batched = r#"
      var log = [];
      document.addEventListener('input', function (e) { log.push(e.target.value); }, true);
      setInterval(function () {
        fetch('/u', { method: 'POST', body: JSON.stringify(log) }).then(function (r) { return r.json(); });
      }, 5000);
    "#;
    let v = classify(None, batched.as_bytes());
    assert!(v.records_input, "{v:?}");
}

#[test]
fn key_fields_need_key_events_to_count() {
    // `code` is also an error's field: an error reporter that sends it is not a key logger.
    let src = r#"
      window.addEventListener('error', function (ev) {
        navigator.sendBeacon('/errors', JSON.stringify({ code: ev.error.code, which: ev.which }));
      });
    "#;
    let v = classify(None, src.as_bytes());
    assert!(!v.signals.contains_key("ShipsWhatItReads"), "{v:?}");
    assert!(!v.records_input);
}

#[test]
fn an_image_url_carrying_the_reads_is_a_beacon() {
    let src = r#"
      var q = [];
      document.onkeydown = function (e) { q.push(e.keyCode); };
      setInterval(function () { new Image().src = '/k.gif?d=' + encodeURIComponent(q.join('|')); q = []; }, 3000);
    "#;
    let v = classify(None, src.as_bytes());
    assert!(v.records_input, "{v:?}");
    assert!(
        v.evidence.iter().any(|e| e.contains("an image URL")),
        "{:?}",
        v.evidence
    );
}

#[test]
fn the_link_is_followed_only_in_small_scripts() {
    // Names are not scoped, so a large bundle is not followed: the same logger padded past the
    // limit falls back to the capped weak rows.
    let mut src = TIMING_LOGGER.to_string();
    assert!(classify(None, src.as_bytes()).records_input);
    src.push_str(&format!(
        "/*{}*/",
        " ".repeat(keyveil::script::flow::MAX_BYTES)
    ));
    let v = classify(None, src.as_bytes());
    assert!(!v.records_input, "{v:?}");
}
