// sitegen's reader: what JavaScript adds to pages that work without it. Day headings
// say Today and Yesterday, opened articles are marked read (in this browser only), the
// keyboard moves through lists, the theme can be switched, and the search page searches.
(function () {
  "use strict";
  var root = document.documentElement;
  var body = document.body;
  var base = body.dataset.base || "/";
  var READ = "sitegen:read", THEME = "sitegen:theme", UNREAD_ONLY = "sitegen:unread-only";

  function load(key, fallback) {
    try { var v = localStorage.getItem(key); return v === null ? fallback : JSON.parse(v); }
    catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  // Theme: the system's setting until the reader picks one; the choice is remembered.
  function dark() {
    var chosen = root.dataset.theme;
    return chosen ? chosen === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  }
  var toggle = document.createElement("button");
  toggle.type = "button";
  toggle.id = "theme-toggle";
  function label() {
    toggle.textContent = dark() ? "Light mode" : "Dark mode";
    toggle.setAttribute("aria-pressed", String(dark()));
  }
  toggle.addEventListener("click", function () {
    var next = dark() ? "light" : "dark";
    root.dataset.theme = next;
    try { localStorage.setItem(THEME, next); } catch (e) { /* private mode */ }
    label();
  });
  label();
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", label);
  var top = document.querySelector(".masthead-top");
  if (top) top.appendChild(toggle);

  // Day headings: Today and Yesterday by the reader's own clock.
  function isoDay(date) {
    var m = date.getMonth() + 1, d = date.getDate();
    return date.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }
  var today = new Date(), yesterday = new Date(today.getTime() - 864e5);
  var names = {};
  names[isoDay(today)] = "Today";
  names[isoDay(yesterday)] = "Yesterday";
  document.querySelectorAll(".day-heading time").forEach(function (time) {
    var name = names[time.getAttribute("datetime")];
    if (name) { time.title = time.textContent; time.textContent = name; }
  });

  // Read state: the URLs of the articles opened here.
  var read = new Set(load(READ, []));
  var story = document.querySelector(".story[data-url]");
  if (story) { read.add(story.dataset.url); save(READ, Array.from(read)); }
  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("main .articles > .item"));
  }
  function markRead() {
    items().forEach(function (item) {
      var seen = read.has(item.dataset.url);
      item.classList.toggle("read", seen);
      if (seen) item.dataset.read = "true"; else delete item.dataset.read;
    });
  }
  markRead();
  var tools = document.querySelector(".reader-tools");
  if (tools) {
    tools.hidden = false;
    var unreadOnly = document.getElementById("unread-only");
    var only = load(UNREAD_ONLY, false);
    var filter = function () {
      body.classList.toggle("hide-read", only);
      unreadOnly.setAttribute("aria-pressed", String(only));
    };
    filter();
    unreadOnly.addEventListener("click", function () { only = !only; save(UNREAD_ONLY, only); filter(); });
    document.getElementById("mark-all-read").addEventListener("click", function () {
      items().forEach(function (item) { read.add(item.dataset.url); });
      save(READ, Array.from(read));
      markRead();
    });
  }

  // Reading progress on an article.
  var bar = document.querySelector(".progress");
  if (bar && story) {
    var progress = function () {
      var end = story.offsetTop + story.offsetHeight - innerHeight;
      var done = end > 0 ? Math.min(1, Math.max(0, scrollY / end)) : 1;
      bar.style.width = (done * 100).toFixed(1) + "%";
    };
    addEventListener("scroll", progress, { passive: true });
    progress();
  }

  // Keys: j/k select, o/Enter open, u back to the list, / search, ? help.
  var selected = -1;
  function visible() {
    return items().filter(function (item) { return item.offsetParent !== null; });
  }
  function select(step) {
    var list = visible();
    if (!list.length) return;
    var current = list.indexOf(document.querySelector(".item.selected"));
    selected = Math.max(0, Math.min(list.length - 1, current + step));
    list.forEach(function (item, i) {
      item.classList.toggle("selected", i === selected);
      if (i === selected) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
    });
    list[selected].scrollIntoView({ block: "nearest" });
  }
  function open() {
    var item = document.querySelector(".item.selected");
    var link = item && item.querySelector(".headline a");
    if (link) location.href = link.href;
  }
  function back() {
    var from = document.referrer;
    if (from && from.indexOf(location.origin + base) === 0 && from !== location.href) history.back();
    else location.href = base;
  }
  var help = document.getElementById("keys-help");
  addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (help && help.open) return;
    switch (event.key) {
      case "j": select(1); break;
      case "k": select(-1); break;
      case "o": open(); break;
      case "Enter":
        if (target.closest && target.closest("a, button")) return;
        open(); break;
      case "u": if (story) back(); else return; break;
      case "/":
        var box = document.getElementById("search-page-input") || document.getElementById("search-input");
        if (box) box.focus(); break;
      case "?": if (help && help.showModal) help.showModal(); break;
      default: return;
    }
    event.preventDefault();
  });

  // Search, with the index `sitegen build` wrote (Pagefind's), on the search page.
  var results = document.getElementById("search-results");
  var input = document.getElementById("search-page-input");
  if (!results || !input) return;
  var status = document.getElementById("search-status");
  var engine = null, asked = 0;
  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  function show(found, query) {
    results.innerHTML = found.map(function (r) {
      var when = r.meta.date ? '<p class="meta"><time>' + escape(r.meta.date) + "</time></p>" : "";
      return '<li class="item" data-url="' + escape(r.url) + '"><article>' +
        '<h2 class="headline"><a href="' + escape(r.url) + '">' + escape(r.meta.title || r.url) +
        "</a></h2>" + when + '<p class="summary">' + r.excerpt + "</p></article></li>";
    }).join("");
    markRead();
    selected = -1;
    status.textContent = query ? found.length + (found.length === 1 ? " article" : " articles") +
      " found for “" + query + "”" : "";
  }
  function search(query) {
    var ticket = ++asked;
    if (!query.trim()) { show([], ""); return; }
    status.textContent = "Searching…";
    (engine = engine || import(base + "pagefind/pagefind.js").then(function (pf) {
      pf.options({ baseUrl: "/" });
      return pf;
    })).then(function (pf) {
      return pf.search(query);
    }).then(function (answer) {
      return Promise.all(answer.results.slice(0, 30).map(function (r) { return r.data(); }));
    }).then(function (found) {
      if (ticket === asked) show(found, query);
    }).catch(function () {
      status.textContent = "The search index is not there: build the site with sitegen build.";
    });
  }
  var query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  var header = document.getElementById("search-input");
  if (header) header.value = query;
  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      search(input.value);
    }, 150);
  });
  search(query);
})();
