// Wasm timings of the core5 API under Node (see docs/perf-history.md, "Leak proof, noise and policy").
// Build the Node glue as in core5.test.mjs, then: KEYVEIL_NODE_PKG=target/wasm-node node tests/wasm/core5.bench.mjs
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
const { Engine } = require(path.resolve(process.env.KEYVEIL_NODE_PKG ?? 'target/wasm-node', 'keyveil.js'));
const e = new Engine();
const vals = [["email"," Alice.Doe@Example.org "],["tel","+1 (555) 010-9999"],["given-name","Alice"],["family-name","Doe-Smith"],["street","42 Main Street"],["city","Springfield"],["zip","90210-1234"],["card-name","ALICE M DOE"],["comment","Please deliver after 6pm, ring twice"],["password","correct horse battery staple"]].map(([n,v])=>({field:{name:n},value:v}));
let s='['; let i=0;
while (s.length < 65536) { s += `{"type":3,"data":{"source":1,"positions":[{"x":${i%1280},"y":${i%720},"id":${i},"timeOffset":-${i%50}}]},"timestamp":17954592${String(i).padStart(5,'0')}},{"type":3,"data":{"source":0,"texts":[{"id":${i+1000},"value":"Section ${i} of the product page"}]}},`; i++; }
const body = new TextEncoder().encode(s.slice(0,65536));
const url = "https://in.hotjar.com/api/v2/client/sites/123/visit-data?sv=7&ud%5Bem%5D=abc";
function time(label, n, f) { for (let k=0;k<Math.min(n,50);k++) f(); const t0=process.hrtime.bigint(); for (let k=0;k<n;k++) f(); const dt=Number(process.hrtime.bigint()-t0)/n/1000; console.log(label, dt.toFixed(2), 'µs'); }
time('wasm engine.proveLeak(10 values, url, 64KB body)', 200, () => e.proveLeak(vals, url, body, 'https://shop.example/'));
const noise = e.newNoise(new Uint8Array(16).fill(7));
time('wasm noise.pointer(256)', 5000, () => noise.pointer(256));
time('wasm noise.table()', 2000, () => noise.table());
const settings = e.settingsDefault();
time('wasm engine.decide', 5000, () => e.decide(settings, 'shop.example.com', 'session-replay', 'Hotjar'));
const scripts = Array.from({length:50},(_, i)=>({url:`https://cdn${i}.example.net/s.js`, class: i%5? 'none':'session-replay', vendor: i%5? undefined : `V${i}`}));
time('wasm engine.policyFor(50 scripts)', 2000, () => e.policyFor(settings, 'shop.example.com', scripts));
const rep = e.reportLoad(undefined);
let n=0;
time('wasm report.merge(1 event)', 5000, () => rep.merge([{id:'x'+(n++), ts: 1795459267000, site:'shop.example', vendor:'Hotjar', class:'session-replay', blocked:1}]));
time('wasm report.toJson()', 2000, () => rep.toJson());
