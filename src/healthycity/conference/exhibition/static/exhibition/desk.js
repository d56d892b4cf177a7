/* Booth desk: a fresh nonce for every scan form (a double-submitted or re-sent form records
   the visit once), and camera scanning where the browser has the BarcodeDetector API (Chrome
   and Samsung Internet on Android); the typed code always works. */
(function () {
  "use strict";
  function newNonce() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  document.querySelectorAll("[data-scan-form]").forEach(function (form) {
    var nonce = form.querySelector("input[name=nonce]");
    if (nonce && !nonce.value) nonce.value = newNonce();
    var code = form.querySelector("[data-ticket-code]");
    if (code) code.focus();
    var box = form.querySelector("[data-camera]");
    if (!box || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    box.hidden = false;
    var video = box.querySelector("[data-camera-video]");
    box.querySelector("[data-camera-start]").addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; };
        var look = function () {
          detector.detect(video).then(function (found) {
            if (found.length) {
              code.value = found[0].rawValue;
              stop();
              form.requestSubmit();
            } else {
              window.requestAnimationFrame(look);
            }
          }).catch(function () { window.requestAnimationFrame(look); });
        };
        look();
      }).catch(function () { box.hidden = true; code.focus(); });
    });
  });
})();
