#include "report_script.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/Support/Base64.h>
#include <llvm/Support/SHA256.h>

namespace cordon::join {
namespace {

// Rows and articles carry data-severity, data-vendor and data-status; a
// filter hides an element whose attribute differs (one without the
// attribute is not filtered by it). Sortable tables get a button per
// column header; a cell's data-sort, when present, is its sort key.
constexpr std::string_view kScript = R"JS(
(function () {
  'use strict';
  var keys = ['severity', 'vendor', 'status'];
  var rank = {critical: 0, high: 1, medium: 2, low: 3, info: 4};
  var form = document.getElementById('filters');
  if (!form) return;
  var count = document.getElementById('filter-count');
  var items = Array.prototype.slice.call(document.querySelectorAll('.filterable'));
  keys.forEach(function (key) {
    var select = form.elements[key];
    var seen = {};
    items.forEach(function (e) {
      var v = e.getAttribute('data-' + key);
      if (v !== null) seen[v] = true;
    });
    Object.keys(seen).sort(function (a, b) {
      if (key === 'severity') return (rank[a] - rank[b]) || (a < b ? -1 : 1);
      return a < b ? -1 : a > b ? 1 : 0;
    }).forEach(function (v) {
      var option = document.createElement('option');
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    });
  });
  function apply() {
    var shown = 0;
    items.forEach(function (e) {
      var keep = keys.every(function (key) {
        var want = form.elements[key].value;
        var have = e.getAttribute('data-' + key);
        return want === '' || have === null || have === want;
      });
      e.hidden = !keep;
      if (keep) shown += 1;
    });
    count.textContent = shown + ' of ' + items.length + ' rows shown';
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  form.hidden = false;
  apply();

  function sortKey(cell) {
    var key = cell.getAttribute('data-sort');
    var text = key !== null ? key : cell.textContent.trim().toLowerCase();
    return /^-?[0-9]+(\.[0-9]+)?$/.test(text) ? [0, Number(text)] : [1, text];
  }
  function compare(a, b) {
    if (a[0] !== b[0]) return a[0] - b[0];
    return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var c = compare(sortKey(a.cells[column]), sortKey(b.cells[column]));
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
)JS";

}  // namespace

std::string_view report_script() {
  return kScript;
}

std::string report_script_csp_source() {
  const auto digest = llvm::SHA256::hash(llvm::ArrayRef<std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(kScript.data()), kScript.size()));
  return "'sha256-" + llvm::encodeBase64(digest) + "'";
}

}  // namespace cordon::join
