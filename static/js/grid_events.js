// Grid event pages: fill the coordinates from the phone's position (the CSP forbids inline scripts).
(function () {
  function setUp(button) {
    if (!("geolocation" in navigator)) {
      return;
    }
    var status = document.querySelector("[data-geolocate-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.textContent = "正在定位…"; }
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        document.querySelector(button.dataset.latitude).value = position.coords.latitude.toFixed(6);
        document.querySelector(button.dataset.longitude).value = position.coords.longitude.toFixed(6);
        if (status) { status.textContent = "已获取位置(精度约 " + Math.round(position.coords.accuracy) + " 米)。"; }
        button.disabled = false;
      }, function (error) {
        if (status) {
          status.textContent = error.code === 1 ? "未允许定位,可手工填写或不填。" : "无法获取位置,可手工填写或不填。";
        }
        button.disabled = false;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-geolocate]").forEach(setUp);
  });
})();
