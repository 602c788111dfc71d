// A county's map: sorts its list by distance from the visitor and marks where they are.
// The position is used in this page only; nothing is sent anywhere.
(function () {
  var b = document.querySelector('.map-locate'), list = document.querySelector('.map-list');
  if (!b || !list || !navigator.geolocation) return;
  var status = document.querySelector('.map-status'), svg = document.querySelector('svg.map');
  b.hidden = false;
  b.onclick = function () {
    status.textContent = b.dataset.wait;
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = pos.coords.latitude, lng = pos.coords.longitude;
      [].slice.call(list.children).map(function (li) {
        var near = Infinity;
        li.dataset.ll.split(';').forEach(function (p) {
          if (p) { p = p.split(','); near = Math.min(near, km(lat, lng, +p[0], +p[1])); }
        });
        return [near, li];
      }).sort(function (x, y) { return x[0] - y[0] || 0; }).forEach(function (x) {
        x[1].querySelector('.map-d').textContent = x[0] == Infinity ? '' : b.dataset.km.replace('{km}', x[0] < 10 ? x[0].toFixed(1) : Math.round(x[0]));
        list.appendChild(x[1]);
      });
      if (svg) you(lat, lng);
      status.textContent = b.dataset.done;
    }, function () { status.textContent = b.dataset.fail; }, { maximumAge: 600000, timeout: 20000 });
  };
  // The visitor on the map, when inside it: x = a + lng·b, y = c − lat·d (see data-p).
  function you(lat, lng) {
    var p = svg.dataset.p.split(' ').map(Number), v = svg.viewBox.baseVal;
    var x = p[0] + lng * p[1], y = p[2] - lat * p[3], ns = 'http://www.w3.org/2000/svg';
    var c = svg.querySelector('.map-you') || svg.appendChild(document.createElementNS(ns, 'circle'));
    c.setAttribute('class', 'map-you');
    c.setAttribute('r', 8);
    c.setAttribute('cx', x);
    c.setAttribute('cy', y);
    c.style.display = x < 0 || y < 0 || x > v.width || y > v.height ? 'none' : '';
  }
  function km(a, b, c, d) {
    var r = Math.PI / 180, s = Math.sin((c - a) * r / 2), t = Math.sin((d - b) * r / 2);
    return 12742 * Math.asin(Math.sqrt(s * s + Math.cos(a * r) * Math.cos(c * r) * t * t));
  }
})();
