//! The indexed matcher against a naive one that tries every filter on every request: same lists,
//! same requests, same block and exception chosen. The lists and URLs are drawn from a small
//! vocabulary so that hosts, tokens and options collide often (shared buckets, hash keys
//! reused by several filters, exceptions beside blocks).

use keyveil::lists::{self, Anchor, Filter, Party, TypeMask};
use keyveil::request::matcher::{glob, Ctx, Hits, Matcher};
use keyveil::request::url::UrlParts;
use proptest::prelude::*;

const HOSTS: [&str; 6] = [
    "a.example",
    "b.a.example",
    "track.example",
    "cdn.x.test",
    "x.test",
    "ads.io",
];
const PATHS: [&str; 8] = [
    "/ab/",
    "/track",
    "/ab/track.js",
    "/pixel?id=1",
    "/x/y",
    "/",
    "/collect",
    "/ab^",
];
const TYPES: [&str; 4] = ["script", "image", "xmlhttprequest", "ping"];

fn under(host: &str, d: &str) -> bool {
    host == d || host.ends_with(&format!(".{d}"))
}

/// The reference: every filter, every time, by its definition.
fn naive(filters: &[&Filter], ctx: &Ctx<'_, '_>) -> Hits {
    let url = ctx.url.url.as_bytes();
    let host: &str = &ctx.url.host;
    let mut hits = Hits::default();
    let rank = |f: &Filter| {
        let class = f.meta.as_ref().map_or(15, |m| {
            keyveil::Class::ALL
                .iter()
                .position(|c| *c == m.class)
                .unwrap_or(15)
        });
        (usize::from(!f.important) << 4) | class
    };
    for (i, f) in filters.iter().enumerate() {
        let i = i as u32;
        if let Some(t) = ctx.rtype {
            if (!f.types.is_empty() && !f.types.intersects(t)) || f.not_types.intersects(t) {
                continue;
            }
        }
        if f.party
            .is_some_and(|p| Some(p) != Some(ctx.party.unwrap_or(Party::Third)))
        {
            continue;
        }
        let init_ok = match ctx.initiator {
            None => f.domains.is_empty(),
            Some(init) => {
                !f.not_domains.iter().any(|d| under(init, d))
                    && (f.domains.is_empty() || f.domains.iter().any(|d| under(init, d)))
            }
        };
        let host_ok = !f.denyallow.iter().any(|d| under(host, d))
            && !f.not_to.iter().any(|d| under(host, d))
            && (f.to.is_empty() || f.to.iter().any(|d| under(host, d)));
        let m = ctx.method.map(str::to_ascii_lowercase);
        let method_ok = (f.methods.is_empty() || f.methods.iter().any(|x| Some(x) == m.as_ref()))
            && !f.not_methods.iter().any(|x| Some(x) == m.as_ref());
        if !(init_ok && host_ok && method_ok) {
            continue;
        }
        let pat = f.pattern.as_bytes();
        let matched = match (f.anchor, f.anchored_host()) {
            (Anchor::None, _) => glob(pat, url, false, f.end_anchor),
            (Anchor::Start, _) => glob(pat, url, true, f.end_anchor),
            // A literal host: one of the request host's label suffixes, the rest after the host.
            (Anchor::Host, Some(h)) => {
                (host == h || host.ends_with(&format!(".{h}")))
                    && glob(
                        &pat[h.len()..],
                        &url[ctx.url.host_end..],
                        true,
                        f.end_anchor,
                    )
            }
            (Anchor::Host, None) => {
                let mut starts = vec![ctx.url.host_start];
                for (k, b) in host.bytes().enumerate() {
                    if b == b'.' {
                        starts.push(ctx.url.host_start + k + 1);
                    }
                }
                starts
                    .into_iter()
                    .any(|s| glob(pat, &url[s..], true, f.end_anchor))
            }
        };
        if !matched {
            continue;
        }
        if f.exception {
            hits.exception.get_or_insert(i);
        } else if hits
            .block
            .is_none_or(|b| (rank(f), i) < (rank(filters[b as usize]), b))
        {
            hits.block = Some(i);
        }
    }
    hits
}

fn filter_line() -> impl Strategy<Value = String> {
    let anchor = prop::sample::select(vec!["", "|", "||", "||", "@@||", "@@"]);
    let body = prop_oneof![
        prop::sample::select(HOSTS.to_vec()).prop_map(|h| format!("{h}^")),
        (
            prop::sample::select(HOSTS.to_vec()),
            prop::sample::select(PATHS.to_vec())
        )
            .prop_map(|(h, p)| format!("{h}{p}")),
        prop::sample::select(PATHS.to_vec()).prop_map(str::to_string),
        prop::sample::select(vec!["track", "ab*track", "*.js", "pixel^", "x.test"])
            .prop_map(str::to_string),
    ];
    let opts = prop::collection::vec(
        prop::sample::select(vec![
            "script",
            "~image",
            "third-party",
            "~third-party",
            "important",
            "domain=a.example",
            "domain=~b.a.example",
            "denyallow=x.test",
            "to=track.example",
            "to=~cdn.x.test",
            "method=post",
            "method=~get",
        ]),
        0..3,
    );
    let meta = prop::sample::select(vec![
        "",
        "! keyveil: class=session-replay; vendor=R\n",
        "! keyveil: class=analytics; vendor=A\n",
    ]);
    (meta, anchor, body, opts).prop_map(|(meta, a, b, o)| {
        let mut o = o;
        o.sort_unstable();
        o.dedup_by(|x, y| x.split('=').next() == y.split('=').next());
        let opts = if o.is_empty() {
            String::new()
        } else {
            format!("${}", o.join(","))
        };
        // A `|` anchor needs a scheme to mean anything.
        let b = if a == "|" { format!("https://{b}") } else { b };
        format!("{meta}{a}{b}{opts}\n! keyveil: end")
    })
}

fn request() -> impl Strategy<
    Value = (
        String,
        Option<String>,
        Option<&'static str>,
        Option<&'static str>,
    ),
> {
    (
        prop::sample::select(HOSTS.to_vec()),
        prop::sample::select(PATHS.to_vec()),
        prop::option::of(prop::sample::select(HOSTS.to_vec())),
        prop::option::of(prop::sample::select(TYPES.to_vec())),
        prop::option::of(prop::sample::select(vec!["GET", "POST", "put"])),
    )
        .prop_map(|(h, p, i, t, m)| {
            (
                format!("https://{h}{}", p.replace('^', "")),
                i.map(|i| format!("https://{i}/")),
                t,
                m,
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn index_finds_what_a_linear_scan_finds(
        lines in prop::collection::vec(filter_line(), 1..40),
        reqs in prop::collection::vec(request(), 1..20),
    ) {
        let list = lists::parse(&lines.join("\n")).list;
        let filters: Vec<&Filter> = list.matched().collect();
        let m = Matcher::new(&list);
        prop_assert_eq!(m.len(), filters.len());
        for (url, init, rtype, method) in &reqs {
            let parts = UrlParts::parse(url).unwrap();
            let init_host = init.as_deref().map(|i| UrlParts::parse(i).unwrap().host.into_owned());
            let party = init_host.as_deref().map(|i| {
                if keyveil::request::url::site_of(i) == parts.site() { Party::First } else { Party::Third }
            });
            let ctx = Ctx {
                url: &parts,
                rtype: rtype.map(TypeMask::from_browser),
                party,
                initiator: init_host.as_deref(),
                method: *method,
            };
            let got = m.find(&ctx);
            let want = naive(&filters, &ctx);
            prop_assert_eq!(got.block, want.block, "block for {} from {:?}", url, init);
            prop_assert_eq!(got.exception, want.exception, "exception for {} from {:?}", url, init);
            // The packed form gives back the filter as parsed.
            for id in got.block.into_iter().chain(got.exception) {
                let back = m.filter(id);
                prop_assert_eq!(back.as_ref(), Some(filters[id as usize]));
            }
        }
    }
}

#[test]
fn denyallow_to_and_method_limit_the_filters_they_sit_on() {
    let list = lists::parse(
        "*$script,3p,denyallow=cdn.example,domain=site.example\n||t.example^$method=post\n",
    )
    .list;
    assert_eq!(list.matched().count(), 2);
    let m = Matcher::new(&list);
    let hit = |url: &str, method: Option<&str>| {
        let parts = UrlParts::parse(url).unwrap();
        let ctx = Ctx {
            url: &parts,
            rtype: Some(TypeMask::from_browser("script")),
            party: Some(Party::Third),
            initiator: Some("site.example"),
            method,
        };
        m.find(&ctx).block
    };
    assert_eq!(hit("https://x.example/a.js", None), Some(0));
    assert_eq!(hit("https://js.cdn.example/a.js", None), None);
    assert_eq!(hit("https://t.example/x", Some("POST")), Some(0));
    let list = lists::parse("||t.example^$method=post\n/track$to=a.example|~b.a.example\n").list;
    let m2 = Matcher::new(&list);
    let hit2 = |url: &str, method: Option<&str>| {
        let parts = UrlParts::parse(url).unwrap();
        m2.find(&Ctx {
            url: &parts,
            rtype: None,
            party: None,
            initiator: None,
            method,
        })
        .block
    };
    assert_eq!(hit2("https://t.example/x", Some("POST")), Some(0));
    assert_eq!(hit2("https://t.example/x", Some("GET")), None);
    assert_eq!(hit2("https://t.example/x", None), None);
    assert_eq!(hit2("https://c.a.example/track", None), Some(1));
    assert_eq!(hit2("https://c.b.a.example/track", None), None);
    assert_eq!(hit2("https://other.example/track", None), None);
}

#[test]
fn a_request_without_initiator_is_third_party() {
    let list = lists::parse("||t.example^$third-party\n||f.example^$~third-party\n").list;
    let m = Matcher::new(&list);
    let find = |url: &str| {
        let parts = UrlParts::parse(url).unwrap();
        m.find(&Ctx {
            url: &parts,
            rtype: None,
            party: None,
            initiator: None,
            method: None,
        })
        .block
    };
    assert_eq!(find("https://t.example/"), Some(0));
    assert_eq!(find("https://f.example/"), None);
}
