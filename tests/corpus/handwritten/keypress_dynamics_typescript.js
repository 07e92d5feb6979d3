var __assign = (this && this.__assign) || function () { return Object.assign.apply(Object, arguments); };
var KeystrokeDynamics = /** @class */ (function () {
    function KeystrokeDynamics(target, reportUrl) {
        this.target = target;
        this.reportUrl = reportUrl;
        this.pressed = new Map();
        this.records = [];
        this.lastRelease = null;
    }
    KeystrokeDynamics.prototype.attach = function () {
        var _this = this;
        this.target.addEventListener('keydown', function (e) { return _this.down(e); }, true);
        this.target.addEventListener('keyup', function (e) { return _this.up(e); }, true);
    };
    KeystrokeDynamics.prototype.down = function (e) {
        if (!this.pressed.has(e.code)) this.pressed.set(e.code, e.timeStamp);
    };
    KeystrokeDynamics.prototype.up = function (e) {
        var start = this.pressed.get(e.code);
        if (start === undefined) return;
        this.pressed.delete(e.code);
        this.records.push(__assign({ code: e.code }, { hold: e.timeStamp - start, gap: this.lastRelease === null ? -1 : start - this.lastRelease }));
        this.lastRelease = e.timeStamp;
        if (this.records.length >= 30) this.report();
    };
    KeystrokeDynamics.prototype.report = function () {
        var body = JSON.stringify({ samples: this.records });
        this.records = [];
        return fetch(this.reportUrl, { method: 'POST', body: body, headers: { 'Content-Type': 'application/json' } });
    };
    return KeystrokeDynamics;
}());
new KeystrokeDynamics(document, '/auth/biometrics').attach();
