/* The station map: an enhancement of the station list, which stays the page's content. Draws
   the stations from /stations/stations.json on the tiles configured in IMMIGO_MAP_TILE_URL.
   Without JavaScript, without Leaflet or when the tiles or the data cannot be loaded, the page
   says so and the list above it has everything the map would show. */
(function () {
  "use strict";

  var container = document.getElementById("station-map");
  var status = document.getElementById("station-map-status");
  if (!container || !container.dataset.tiles) {
    return;
  }

  function fail() {
    container.hidden = true;
    if (status) {
      status.textContent = container.dataset.failed;
    }
  }

  if (!window.L || !window.fetch) {
    fail();
    return;
  }
  var L = window.L;

  // Taiwan with Kinmen, Matsu and Penghu.
  var bounds = L.latLngBounds([21.85, 118.1], [26.4, 122.05]);
  container.textContent = "";
  var map = L.map(container, { scrollWheelZoom: false, maxBounds: bounds.pad(0.5) });
  map.fitBounds(bounds);

  var tiles = L.tileLayer(container.dataset.tiles, { attribution: container.dataset.attribution, maxZoom: 18 });
  var loaded = 0;
  var failed = 0;
  tiles.on("tileload", function () {
    loaded += 1;
  });
  tiles.on("tileerror", function () {
    failed += 1;
    // A few broken tiles leave a usable map; none at all means the tile server is unreachable.
    if (loaded === 0 && failed >= 4) {
      map.remove();
      fail();
    }
  });
  tiles.addTo(map);

  function popup(station) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = station.url;
    link.textContent = station.name;
    var heading = document.createElement("strong");
    heading.appendChild(link);
    box.appendChild(heading);
    [station.address, station.phone].forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
    return box;
  }

  fetch(container.dataset.source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (data) {
      data.stations.forEach(function (station) {
        if (station.latitude === null || station.longitude === null) {
          return;
        }
        // Markers are for pointers only: near Taipei they overlap at any zoom that shows the
        // whole country, too close to be separate keyboard targets (WCAG 2.5.8). The list on the
        // same page has a link for every station, which is the keyboard's way to the same places.
        L.marker([station.latitude, station.longitude], { title: station.name, alt: station.name, keyboard: false })
          .bindPopup(popup(station))
          .addTo(map);
      });
      container.dataset.ready = String(data.stations.length);
    })
    .catch(fail);
})();
