var Dv = Object.defineProperty;
var Av = (e, t, n) => t in e ? Dv(e, t, { enumerable: !0, configurable: !0, writable: !0, value: n }) : e[t] = n;
var xe = (e, t, n) => Av(e, typeof t != "symbol" ? t + "" : t, n);
function Nu(e) {
  return e && e.__esModule && Object.prototype.hasOwnProperty.call(e, "default") ? e.default : e;
}
var Uh = { exports: {} }, As = {}, Yh = { exports: {} }, re = {};
/**
 * @license React
 * react.production.min.js
 *
 * Copyright (c) Facebook, Inc. and its affiliates.
 *
 * This source code is licensed under the MIT license found in the
 * LICENSE file in the root directory of this source tree.
 */
var Ki = Symbol.for("react.element"), Fv = Symbol.for("react.portal"), Hv = Symbol.for("react.fragment"), Vv = Symbol.for("react.strict_mode"), Bv = Symbol.for("react.profiler"), Wv = Symbol.for("react.provider"), Uv = Symbol.for("react.context"), Yv = Symbol.for("react.forward_ref"), Xv = Symbol.for("react.suspense"), Gv = Symbol.for("react.memo"), Qv = Symbol.for("react.lazy"), tf = Symbol.iterator;
function Kv(e) {
  return e === null || typeof e != "object" ? null : (e = tf && e[tf] || e["@@iterator"], typeof e == "function" ? e : null);
}
var Xh = { isMounted: function() {
  return !1;
}, enqueueForceUpdate: function() {
}, enqueueReplaceState: function() {
}, enqueueSetState: function() {
} }, Gh = Object.assign, Qh = {};
function Ur(e, t, n) {
  this.props = e, this.context = t, this.refs = Qh, this.updater = n || Xh;
}
Ur.prototype.isReactComponent = {};
Ur.prototype.setState = function(e, t) {
  if (typeof e != "object" && typeof e != "function" && e != null) throw Error("setState(...): takes an object of state variables to update or a function which returns an object of state variables.");
  this.updater.enqueueSetState(this, e, t, "setState");
};
Ur.prototype.forceUpdate = function(e) {
  this.updater.enqueueForceUpdate(this, e, "forceUpdate");
};
function Kh() {
}
Kh.prototype = Ur.prototype;
function Cu(e, t, n) {
  this.props = e, this.context = t, this.refs = Qh, this.updater = n || Xh;
}
var Mu = Cu.prototype = new Kh();
Mu.constructor = Cu;
Gh(Mu, Ur.prototype);
Mu.isPureReactComponent = !0;
var nf = Array.isArray, Zh = Object.prototype.hasOwnProperty, Iu = { current: null }, qh = { key: !0, ref: !0, __self: !0, __source: !0 };
function Jh(e, t, n) {
  var r, i = {}, o = null, s = null;
  if (t != null) for (r in t.ref !== void 0 && (s = t.ref), t.key !== void 0 && (o = "" + t.key), t) Zh.call(t, r) && !qh.hasOwnProperty(r) && (i[r] = t[r]);
  var l = arguments.length - 2;
  if (l === 1) i.children = n;
  else if (1 < l) {
    for (var a = Array(l), u = 0; u < l; u++) a[u] = arguments[u + 2];
    i.children = a;
  }
  if (e && e.defaultProps) for (r in l = e.defaultProps, l) i[r] === void 0 && (i[r] = l[r]);
  return { $$typeof: Ki, type: e, key: o, ref: s, props: i, _owner: Iu.current };
}
function Zv(e, t) {
  return { $$typeof: Ki, type: e.type, key: t, ref: e.ref, props: e.props, _owner: e._owner };
}
function Pu(e) {
  return typeof e == "object" && e !== null && e.$$typeof === Ki;
}
function qv(e) {
  var t = { "=": "=0", ":": "=2" };
  return "$" + e.replace(/[=:]/g, function(n) {
    return t[n];
  });
}
var rf = /\/+/g;
function Sl(e, t) {
  return typeof e == "object" && e !== null && e.key != null ? qv("" + e.key) : t.toString(36);
}
function jo(e, t, n, r, i) {
  var o = typeof e;
  (o === "undefined" || o === "boolean") && (e = null);
  var s = !1;
  if (e === null) s = !0;
  else switch (o) {
    case "string":
    case "number":
      s = !0;
      break;
    case "object":
      switch (e.$$typeof) {
        case Ki:
        case Fv:
          s = !0;
      }
  }
  if (s) return s = e, i = i(s), e = r === "" ? "." + Sl(s, 0) : r, nf(i) ? (n = "", e != null && (n = e.replace(rf, "$&/") + "/"), jo(i, t, n, "", function(u) {
    return u;
  })) : i != null && (Pu(i) && (i = Zv(i, n + (!i.key || s && s.key === i.key ? "" : ("" + i.key).replace(rf, "$&/") + "/") + e)), t.push(i)), 1;
  if (s = 0, r = r === "" ? "." : r + ":", nf(e)) for (var l = 0; l < e.length; l++) {
    o = e[l];
    var a = r + Sl(o, l);
    s += jo(o, t, n, a, i);
  }
  else if (a = Kv(e), typeof a == "function") for (e = a.call(e), l = 0; !(o = e.next()).done; ) o = o.value, a = r + Sl(o, l++), s += jo(o, t, n, a, i);
  else if (o === "object") throw t = String(e), Error("Objects are not valid as a React child (found: " + (t === "[object Object]" ? "object with keys {" + Object.keys(e).join(", ") + "}" : t) + "). If you meant to render a collection of children, use an array instead.");
  return s;
}
function ao(e, t, n) {
  if (e == null) return e;
  var r = [], i = 0;
  return jo(e, r, "", "", function(o) {
    return t.call(n, o, i++);
  }), r;
}
function Jv(e) {
  if (e._status === -1) {
    var t = e._result;
    t = t(), t.then(function(n) {
      (e._status === 0 || e._status === -1) && (e._status = 1, e._result = n);
    }, function(n) {
      (e._status === 0 || e._status === -1) && (e._status = 2, e._result = n);
    }), e._status === -1 && (e._status = 0, e._result = t);
  }
  if (e._status === 1) return e._result.default;
  throw e._result;
}
var Ae = { current: null }, Ro = { transition: null }, ew = { ReactCurrentDispatcher: Ae, ReactCurrentBatchConfig: Ro, ReactCurrentOwner: Iu };
function ep() {
  throw Error("act(...) is not supported in production builds of React.");
}
re.Children = { map: ao, forEach: function(e, t, n) {
  ao(e, function() {
    t.apply(this, arguments);
  }, n);
}, count: function(e) {
  var t = 0;
  return ao(e, function() {
    t++;
  }), t;
}, toArray: function(e) {
  return ao(e, function(t) {
    return t;
  }) || [];
}, only: function(e) {
  if (!Pu(e)) throw Error("React.Children.only expected to receive a single React element child.");
  return e;
} };
re.Component = Ur;
re.Fragment = Hv;
re.Profiler = Bv;
re.PureComponent = Cu;
re.StrictMode = Vv;
re.Suspense = Xv;
re.__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED = ew;
re.act = ep;
re.cloneElement = function(e, t, n) {
  if (e == null) throw Error("React.cloneElement(...): The argument must be a React element, but you passed " + e + ".");
  var r = Gh({}, e.props), i = e.key, o = e.ref, s = e._owner;
  if (t != null) {
    if (t.ref !== void 0 && (o = t.ref, s = Iu.current), t.key !== void 0 && (i = "" + t.key), e.type && e.type.defaultProps) var l = e.type.defaultProps;
    for (a in t) Zh.call(t, a) && !qh.hasOwnProperty(a) && (r[a] = t[a] === void 0 && l !== void 0 ? l[a] : t[a]);
  }
  var a = arguments.length - 2;
  if (a === 1) r.children = n;
  else if (1 < a) {
    l = Array(a);
    for (var u = 0; u < a; u++) l[u] = arguments[u + 2];
    r.children = l;
  }
  return { $$typeof: Ki, type: e.type, key: i, ref: o, props: r, _owner: s };
};
re.createContext = function(e) {
  return e = { $$typeof: Uv, _currentValue: e, _currentValue2: e, _threadCount: 0, Provider: null, Consumer: null, _defaultValue: null, _globalName: null }, e.Provider = { $$typeof: Wv, _context: e }, e.Consumer = e;
};
re.createElement = Jh;
re.createFactory = function(e) {
  var t = Jh.bind(null, e);
  return t.type = e, t;
};
re.createRef = function() {
  return { current: null };
};
re.forwardRef = function(e) {
  return { $$typeof: Yv, render: e };
};
re.isValidElement = Pu;
re.lazy = function(e) {
  return { $$typeof: Qv, _payload: { _status: -1, _result: e }, _init: Jv };
};
re.memo = function(e, t) {
  return { $$typeof: Gv, type: e, compare: t === void 0 ? null : t };
};
re.startTransition = function(e) {
  var t = Ro.transition;
  Ro.transition = {};
  try {
    e();
  } finally {
    Ro.transition = t;
  }
};
re.unstable_act = ep;
re.useCallback = function(e, t) {
  return Ae.current.useCallback(e, t);
};
re.useContext = function(e) {
  return Ae.current.useContext(e);
};
re.useDebugValue = function() {
};
re.useDeferredValue = function(e) {
  return Ae.current.useDeferredValue(e);
};
re.useEffect = function(e, t) {
  return Ae.current.useEffect(e, t);
};
re.useId = function() {
  return Ae.current.useId();
};
re.useImperativeHandle = function(e, t, n) {
  return Ae.current.useImperativeHandle(e, t, n);
};
re.useInsertionEffect = function(e, t) {
  return Ae.current.useInsertionEffect(e, t);
};
re.useLayoutEffect = function(e, t) {
  return Ae.current.useLayoutEffect(e, t);
};
re.useMemo = function(e, t) {
  return Ae.current.useMemo(e, t);
};
re.useReducer = function(e, t, n) {
  return Ae.current.useReducer(e, t, n);
};
re.useRef = function(e) {
  return Ae.current.useRef(e);
};
re.useState = function(e) {
  return Ae.current.useState(e);
};
re.useSyncExternalStore = function(e, t, n) {
  return Ae.current.useSyncExternalStore(e, t, n);
};
re.useTransition = function() {
  return Ae.current.useTransition();
};
re.version = "18.3.1";
Yh.exports = re;
var j = Yh.exports;
const tp = /* @__PURE__ */ Nu(j);
/**
 * @license React
 * react-jsx-runtime.production.min.js
 *
 * Copyright (c) Facebook, Inc. and its affiliates.
 *
 * This source code is licensed under the MIT license found in the
 * LICENSE file in the root directory of this source tree.
 */
var tw = j, nw = Symbol.for("react.element"), rw = Symbol.for("react.fragment"), iw = Object.prototype.hasOwnProperty, ow = tw.__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED.ReactCurrentOwner, sw = { key: !0, ref: !0, __self: !0, __source: !0 };
function np(e, t, n) {
  var r, i = {}, o = null, s = null;
  n !== void 0 && (o = "" + n), t.key !== void 0 && (o = "" + t.key), t.ref !== void 0 && (s = t.ref);
  for (r in t) iw.call(t, r) && !sw.hasOwnProperty(r) && (i[r] = t[r]);
  if (e && e.defaultProps) for (r in t = e.defaultProps, t) i[r] === void 0 && (i[r] = t[r]);
  return { $$typeof: nw, type: e, key: o, ref: s, props: i, _owner: ow.current };
}
As.Fragment = rw;
As.jsx = np;
As.jsxs = np;
Uh.exports = As;
var _ = Uh.exports, rp = { exports: {} }, qe = {}, ip = { exports: {} }, op = {};
/**
 * @license React
 * scheduler.production.min.js
 *
 * Copyright (c) Facebook, Inc. and its affiliates.
 *
 * This source code is licensed under the MIT license found in the
 * LICENSE file in the root directory of this source tree.
 */
(function(e) {
  function t(I, M) {
    var z = I.length;
    I.push(M);
    e: for (; 0 < z; ) {
      var A = z - 1 >>> 1, H = I[A];
      if (0 < i(H, M)) I[A] = M, I[z] = H, z = A;
      else break e;
    }
  }
  function n(I) {
    return I.length === 0 ? null : I[0];
  }
  function r(I) {
    if (I.length === 0) return null;
    var M = I[0], z = I.pop();
    if (z !== M) {
      I[0] = z;
      e: for (var A = 0, H = I.length, Y = H >>> 1; A < Y; ) {
        var B = 2 * (A + 1) - 1, Z = I[B], ee = B + 1, X = I[ee];
        if (0 > i(Z, z)) ee < H && 0 > i(X, Z) ? (I[A] = X, I[ee] = z, A = ee) : (I[A] = Z, I[B] = z, A = B);
        else if (ee < H && 0 > i(X, z)) I[A] = X, I[ee] = z, A = ee;
        else break e;
      }
    }
    return M;
  }
  function i(I, M) {
    var z = I.sortIndex - M.sortIndex;
    return z !== 0 ? z : I.id - M.id;
  }
  if (typeof performance == "object" && typeof performance.now == "function") {
    var o = performance;
    e.unstable_now = function() {
      return o.now();
    };
  } else {
    var s = Date, l = s.now();
    e.unstable_now = function() {
      return s.now() - l;
    };
  }
  var a = [], u = [], c = 1, d = null, f = 3, p = !1, h = !1, v = !1, E = typeof setTimeout == "function" ? setTimeout : null, g = typeof clearTimeout == "function" ? clearTimeout : null, y = typeof setImmediate < "u" ? setImmediate : null;
  typeof navigator < "u" && navigator.scheduling !== void 0 && navigator.scheduling.isInputPending !== void 0 && navigator.scheduling.isInputPending.bind(navigator.scheduling);
  function m(I) {
    for (var M = n(u); M !== null; ) {
      if (M.callback === null) r(u);
      else if (M.startTime <= I) r(u), M.sortIndex = M.expirationTime, t(a, M);
      else break;
      M = n(u);
    }
  }
  function w(I) {
    if (v = !1, m(I), !h) if (n(a) !== null) h = !0, b(S);
    else {
      var M = n(u);
      M !== null && O(w, M.startTime - I);
    }
  }
  function S(I, M) {
    h = !1, v && (v = !1, g(P), P = -1), p = !0;
    var z = f;
    try {
      for (m(M), d = n(a); d !== null && (!(d.expirationTime > M) || I && !D()); ) {
        var A = d.callback;
        if (typeof A == "function") {
          d.callback = null, f = d.priorityLevel;
          var H = A(d.expirationTime <= M);
          M = e.unstable_now(), typeof H == "function" ? d.callback = H : d === n(a) && r(a), m(M);
        } else r(a);
        d = n(a);
      }
      if (d !== null) var Y = !0;
      else {
        var B = n(u);
        B !== null && O(w, B.startTime - M), Y = !1;
      }
      return Y;
    } finally {
      d = null, f = z, p = !1;
    }
  }
  var k = !1, N = null, P = -1, L = 5, R = -1;
  function D() {
    return !(e.unstable_now() - R < L);
  }
  function $() {
    if (N !== null) {
      var I = e.unstable_now();
      R = I;
      var M = !0;
      try {
        M = N(!0, I);
      } finally {
        M ? T() : (k = !1, N = null);
      }
    } else k = !1;
  }
  var T;
  if (typeof y == "function") T = function() {
    y($);
  };
  else if (typeof MessageChannel < "u") {
    var x = new MessageChannel(), C = x.port2;
    x.port1.onmessage = $, T = function() {
      C.postMessage(null);
    };
  } else T = function() {
    E($, 0);
  };
  function b(I) {
    N = I, k || (k = !0, T());
  }
  function O(I, M) {
    P = E(function() {
      I(e.unstable_now());
    }, M);
  }
  e.unstable_IdlePriority = 5, e.unstable_ImmediatePriority = 1, e.unstable_LowPriority = 4, e.unstable_NormalPriority = 3, e.unstable_Profiling = null, e.unstable_UserBlockingPriority = 2, e.unstable_cancelCallback = function(I) {
    I.callback = null;
  }, e.unstable_continueExecution = function() {
    h || p || (h = !0, b(S));
  }, e.unstable_forceFrameRate = function(I) {
    0 > I || 125 < I ? console.error("forceFrameRate takes a positive int between 0 and 125, forcing frame rates higher than 125 fps is not supported") : L = 0 < I ? Math.floor(1e3 / I) : 5;
  }, e.unstable_getCurrentPriorityLevel = function() {
    return f;
  }, e.unstable_getFirstCallbackNode = function() {
    return n(a);
  }, e.unstable_next = function(I) {
    switch (f) {
      case 1:
      case 2:
      case 3:
        var M = 3;
        break;
      default:
        M = f;
    }
    var z = f;
    f = M;
    try {
      return I();
    } finally {
      f = z;
    }
  }, e.unstable_pauseExecution = function() {
  }, e.unstable_requestPaint = function() {
  }, e.unstable_runWithPriority = function(I, M) {
    switch (I) {
      case 1:
      case 2:
      case 3:
      case 4:
      case 5:
        break;
      default:
        I = 3;
    }
    var z = f;
    f = I;
    try {
      return M();
    } finally {
      f = z;
    }
  }, e.unstable_scheduleCallback = function(I, M, z) {
    var A = e.unstable_now();
    switch (typeof z == "object" && z !== null ? (z = z.delay, z = typeof z == "number" && 0 < z ? A + z : A) : z = A, I) {
      case 1:
        var H = -1;
        break;
      case 2:
        H = 250;
        break;
      case 5:
        H = 1073741823;
        break;
      case 4:
        H = 1e4;
        break;
      default:
        H = 5e3;
    }
    return H = z + H, I = { id: c++, callback: M, priorityLevel: I, startTime: z, expirationTime: H, sortIndex: -1 }, z > A ? (I.sortIndex = z, t(u, I), n(a) === null && I === n(u) && (v ? (g(P), P = -1) : v = !0, O(w, z - A))) : (I.sortIndex = H, t(a, I), h || p || (h = !0, b(S))), I;
  }, e.unstable_shouldYield = D, e.unstable_wrapCallback = function(I) {
    var M = f;
    return function() {
      var z = f;
      f = M;
      try {
        return I.apply(this, arguments);
      } finally {
        f = z;
      }
    };
  };
})(op);
ip.exports = op;
var lw = ip.exports;
/**
 * @license React
 * react-dom.production.min.js
 *
 * Copyright (c) Facebook, Inc. and its affiliates.
 *
 * This source code is licensed under the MIT license found in the
 * LICENSE file in the root directory of this source tree.
 */
var aw = j, Ke = lw;
function V(e) {
  for (var t = "https://reactjs.org/docs/error-decoder.html?invariant=" + e, n = 1; n < arguments.length; n++) t += "&args[]=" + encodeURIComponent(arguments[n]);
  return "Minified React error #" + e + "; visit " + t + " for the full message or use the non-minified dev environment for full errors and additional helpful warnings.";
}
var sp = /* @__PURE__ */ new Set(), ki = {};
function er(e, t) {
  Ir(e, t), Ir(e + "Capture", t);
}
function Ir(e, t) {
  for (ki[e] = t, e = 0; e < t.length; e++) sp.add(t[e]);
}
var Gt = !(typeof window > "u" || typeof window.document > "u" || typeof window.document.createElement > "u"), ga = Object.prototype.hasOwnProperty, uw = /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\-.0-9\u00B7\u0300-\u036F\u203F-\u2040]*$/, of = {}, sf = {};
function cw(e) {
  return ga.call(sf, e) ? !0 : ga.call(of, e) ? !1 : uw.test(e) ? sf[e] = !0 : (of[e] = !0, !1);
}
function fw(e, t, n, r) {
  if (n !== null && n.type === 0) return !1;
  switch (typeof t) {
    case "function":
    case "symbol":
      return !0;
    case "boolean":
      return r ? !1 : n !== null ? !n.acceptsBooleans : (e = e.toLowerCase().slice(0, 5), e !== "data-" && e !== "aria-");
    default:
      return !1;
  }
}
function dw(e, t, n, r) {
  if (t === null || typeof t > "u" || fw(e, t, n, r)) return !0;
  if (r) return !1;
  if (n !== null) switch (n.type) {
    case 3:
      return !t;
    case 4:
      return t === !1;
    case 5:
      return isNaN(t);
    case 6:
      return isNaN(t) || 1 > t;
  }
  return !1;
}
function Fe(e, t, n, r, i, o, s) {
  this.acceptsBooleans = t === 2 || t === 3 || t === 4, this.attributeName = r, this.attributeNamespace = i, this.mustUseProperty = n, this.propertyName = e, this.type = t, this.sanitizeURL = o, this.removeEmptyString = s;
}
var be = {};
"children dangerouslySetInnerHTML defaultValue defaultChecked innerHTML suppressContentEditableWarning suppressHydrationWarning style".split(" ").forEach(function(e) {
  be[e] = new Fe(e, 0, !1, e, null, !1, !1);
});
[["acceptCharset", "accept-charset"], ["className", "class"], ["htmlFor", "for"], ["httpEquiv", "http-equiv"]].forEach(function(e) {
  var t = e[0];
  be[t] = new Fe(t, 1, !1, e[1], null, !1, !1);
});
["contentEditable", "draggable", "spellCheck", "value"].forEach(function(e) {
  be[e] = new Fe(e, 2, !1, e.toLowerCase(), null, !1, !1);
});
["autoReverse", "externalResourcesRequired", "focusable", "preserveAlpha"].forEach(function(e) {
  be[e] = new Fe(e, 2, !1, e, null, !1, !1);
});
"allowFullScreen async autoFocus autoPlay controls default defer disabled disablePictureInPicture disableRemotePlayback formNoValidate hidden loop noModule noValidate open playsInline readOnly required reversed scoped seamless itemScope".split(" ").forEach(function(e) {
  be[e] = new Fe(e, 3, !1, e.toLowerCase(), null, !1, !1);
});
["checked", "multiple", "muted", "selected"].forEach(function(e) {
  be[e] = new Fe(e, 3, !0, e, null, !1, !1);
});
["capture", "download"].forEach(function(e) {
  be[e] = new Fe(e, 4, !1, e, null, !1, !1);
});
["cols", "rows", "size", "span"].forEach(function(e) {
  be[e] = new Fe(e, 6, !1, e, null, !1, !1);
});
["rowSpan", "start"].forEach(function(e) {
  be[e] = new Fe(e, 5, !1, e.toLowerCase(), null, !1, !1);
});
var $u = /[\-:]([a-z])/g;
function Tu(e) {
  return e[1].toUpperCase();
}
"accent-height alignment-baseline arabic-form baseline-shift cap-height clip-path clip-rule color-interpolation color-interpolation-filters color-profile color-rendering dominant-baseline enable-background fill-opacity fill-rule flood-color flood-opacity font-family font-size font-size-adjust font-stretch font-style font-variant font-weight glyph-name glyph-orientation-horizontal glyph-orientation-vertical horiz-adv-x horiz-origin-x image-rendering letter-spacing lighting-color marker-end marker-mid marker-start overline-position overline-thickness paint-order panose-1 pointer-events rendering-intent shape-rendering stop-color stop-opacity strikethrough-position strikethrough-thickness stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity stroke-width text-anchor text-decoration text-rendering underline-position underline-thickness unicode-bidi unicode-range units-per-em v-alphabetic v-hanging v-ideographic v-mathematical vector-effect vert-adv-y vert-origin-x vert-origin-y word-spacing writing-mode xmlns:xlink x-height".split(" ").forEach(function(e) {
  var t = e.replace(
    $u,
    Tu
  );
  be[t] = new Fe(t, 1, !1, e, null, !1, !1);
});
"xlink:actuate xlink:arcrole xlink:role xlink:show xlink:title xlink:type".split(" ").forEach(function(e) {
  var t = e.replace($u, Tu);
  be[t] = new Fe(t, 1, !1, e, "http://www.w3.org/1999/xlink", !1, !1);
});
["xml:base", "xml:lang", "xml:space"].forEach(function(e) {
  var t = e.replace($u, Tu);
  be[t] = new Fe(t, 1, !1, e, "http://www.w3.org/XML/1998/namespace", !1, !1);
});
["tabIndex", "crossOrigin"].forEach(function(e) {
  be[e] = new Fe(e, 1, !1, e.toLowerCase(), null, !1, !1);
});
be.xlinkHref = new Fe("xlinkHref", 1, !1, "xlink:href", "http://www.w3.org/1999/xlink", !0, !1);
["src", "href", "action", "formAction"].forEach(function(e) {
  be[e] = new Fe(e, 1, !1, e.toLowerCase(), null, !0, !0);
});
function bu(e, t, n, r) {
  var i = be.hasOwnProperty(t) ? be[t] : null;
  (i !== null ? i.type !== 0 : r || !(2 < t.length) || t[0] !== "o" && t[0] !== "O" || t[1] !== "n" && t[1] !== "N") && (dw(t, n, i, r) && (n = null), r || i === null ? cw(t) && (n === null ? e.removeAttribute(t) : e.setAttribute(t, "" + n)) : i.mustUseProperty ? e[i.propertyName] = n === null ? i.type === 3 ? !1 : "" : n : (t = i.attributeName, r = i.attributeNamespace, n === null ? e.removeAttribute(t) : (i = i.type, n = i === 3 || i === 4 && n === !0 ? "" : "" + n, r ? e.setAttributeNS(r, t, n) : e.setAttribute(t, n))));
}
var Jt = aw.__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED, uo = Symbol.for("react.element"), or = Symbol.for("react.portal"), sr = Symbol.for("react.fragment"), Lu = Symbol.for("react.strict_mode"), ma = Symbol.for("react.profiler"), lp = Symbol.for("react.provider"), ap = Symbol.for("react.context"), zu = Symbol.for("react.forward_ref"), ya = Symbol.for("react.suspense"), va = Symbol.for("react.suspense_list"), Ou = Symbol.for("react.memo"), rn = Symbol.for("react.lazy"), up = Symbol.for("react.offscreen"), lf = Symbol.iterator;
function Kr(e) {
  return e === null || typeof e != "object" ? null : (e = lf && e[lf] || e["@@iterator"], typeof e == "function" ? e : null);
}
var me = Object.assign, kl;
function si(e) {
  if (kl === void 0) try {
    throw Error();
  } catch (n) {
    var t = n.stack.trim().match(/\n( *(at )?)/);
    kl = t && t[1] || "";
  }
  return `
` + kl + e;
}
var Nl = !1;
function Cl(e, t) {
  if (!e || Nl) return "";
  Nl = !0;
  var n = Error.prepareStackTrace;
  Error.prepareStackTrace = void 0;
  try {
    if (t) if (t = function() {
      throw Error();
    }, Object.defineProperty(t.prototype, "props", { set: function() {
      throw Error();
    } }), typeof Reflect == "object" && Reflect.construct) {
      try {
        Reflect.construct(t, []);
      } catch (u) {
        var r = u;
      }
      Reflect.construct(e, [], t);
    } else {
      try {
        t.call();
      } catch (u) {
        r = u;
      }
      e.call(t.prototype);
    }
    else {
      try {
        throw Error();
      } catch (u) {
        r = u;
      }
      e();
    }
  } catch (u) {
    if (u && r && typeof u.stack == "string") {
      for (var i = u.stack.split(`
`), o = r.stack.split(`
`), s = i.length - 1, l = o.length - 1; 1 <= s && 0 <= l && i[s] !== o[l]; ) l--;
      for (; 1 <= s && 0 <= l; s--, l--) if (i[s] !== o[l]) {
        if (s !== 1 || l !== 1)
          do
            if (s--, l--, 0 > l || i[s] !== o[l]) {
              var a = `
` + i[s].replace(" at new ", " at ");
              return e.displayName && a.includes("<anonymous>") && (a = a.replace("<anonymous>", e.displayName)), a;
            }
          while (1 <= s && 0 <= l);
        break;
      }
    }
  } finally {
    Nl = !1, Error.prepareStackTrace = n;
  }
  return (e = e ? e.displayName || e.name : "") ? si(e) : "";
}
function hw(e) {
  switch (e.tag) {
    case 5:
      return si(e.type);
    case 16:
      return si("Lazy");
    case 13:
      return si("Suspense");
    case 19:
      return si("SuspenseList");
    case 0:
    case 2:
    case 15:
      return e = Cl(e.type, !1), e;
    case 11:
      return e = Cl(e.type.render, !1), e;
    case 1:
      return e = Cl(e.type, !0), e;
    default:
      return "";
  }
}
function wa(e) {
  if (e == null) return null;
  if (typeof e == "function") return e.displayName || e.name || null;
  if (typeof e == "string") return e;
  switch (e) {
    case sr:
      return "Fragment";
    case or:
      return "Portal";
    case ma:
      return "Profiler";
    case Lu:
      return "StrictMode";
    case ya:
      return "Suspense";
    case va:
      return "SuspenseList";
  }
  if (typeof e == "object") switch (e.$$typeof) {
    case ap:
      return (e.displayName || "Context") + ".Consumer";
    case lp:
      return (e._context.displayName || "Context") + ".Provider";
    case zu:
      var t = e.render;
      return e = e.displayName, e || (e = t.displayName || t.name || "", e = e !== "" ? "ForwardRef(" + e + ")" : "ForwardRef"), e;
    case Ou:
      return t = e.displayName || null, t !== null ? t : wa(e.type) || "Memo";
    case rn:
      t = e._payload, e = e._init;
      try {
        return wa(e(t));
      } catch {
      }
  }
  return null;
}
function pw(e) {
  var t = e.type;
  switch (e.tag) {
    case 24:
      return "Cache";
    case 9:
      return (t.displayName || "Context") + ".Consumer";
    case 10:
      return (t._context.displayName || "Context") + ".Provider";
    case 18:
      return "DehydratedFragment";
    case 11:
      return e = t.render, e = e.displayName || e.name || "", t.displayName || (e !== "" ? "ForwardRef(" + e + ")" : "ForwardRef");
    case 7:
      return "Fragment";
    case 5:
      return t;
    case 4:
      return "Portal";
    case 3:
      return "Root";
    case 6:
      return "Text";
    case 16:
      return wa(t);
    case 8:
      return t === Lu ? "StrictMode" : "Mode";
    case 22:
      return "Offscreen";
    case 12:
      return "Profiler";
    case 21:
      return "Scope";
    case 13:
      return "Suspense";
    case 19:
      return "SuspenseList";
    case 25:
      return "TracingMarker";
    case 1:
    case 0:
    case 17:
    case 2:
    case 14:
    case 15:
      if (typeof t == "function") return t.displayName || t.name || null;
      if (typeof t == "string") return t;
  }
  return null;
}
function En(e) {
  switch (typeof e) {
    case "boolean":
    case "number":
    case "string":
    case "undefined":
      return e;
    case "object":
      return e;
    default:
      return "";
  }
}
function cp(e) {
  var t = e.type;
  return (e = e.nodeName) && e.toLowerCase() === "input" && (t === "checkbox" || t === "radio");
}
function gw(e) {
  var t = cp(e) ? "checked" : "value", n = Object.getOwnPropertyDescriptor(e.constructor.prototype, t), r = "" + e[t];
  if (!e.hasOwnProperty(t) && typeof n < "u" && typeof n.get == "function" && typeof n.set == "function") {
    var i = n.get, o = n.set;
    return Object.defineProperty(e, t, { configurable: !0, get: function() {
      return i.call(this);
    }, set: function(s) {
      r = "" + s, o.call(this, s);
    } }), Object.defineProperty(e, t, { enumerable: n.enumerable }), { getValue: function() {
      return r;
    }, setValue: function(s) {
      r = "" + s;
    }, stopTracking: function() {
      e._valueTracker = null, delete e[t];
    } };
  }
}
function co(e) {
  e._valueTracker || (e._valueTracker = gw(e));
}
function fp(e) {
  if (!e) return !1;
  var t = e._valueTracker;
  if (!t) return !0;
  var n = t.getValue(), r = "";
  return e && (r = cp(e) ? e.checked ? "true" : "false" : e.value), e = r, e !== n ? (t.setValue(e), !0) : !1;
}
function Jo(e) {
  if (e = e || (typeof document < "u" ? document : void 0), typeof e > "u") return null;
  try {
    return e.activeElement || e.body;
  } catch {
    return e.body;
  }
}
function xa(e, t) {
  var n = t.checked;
  return me({}, t, { defaultChecked: void 0, defaultValue: void 0, value: void 0, checked: n ?? e._wrapperState.initialChecked });
}
function af(e, t) {
  var n = t.defaultValue == null ? "" : t.defaultValue, r = t.checked != null ? t.checked : t.defaultChecked;
  n = En(t.value != null ? t.value : n), e._wrapperState = { initialChecked: r, initialValue: n, controlled: t.type === "checkbox" || t.type === "radio" ? t.checked != null : t.value != null };
}
function dp(e, t) {
  t = t.checked, t != null && bu(e, "checked", t, !1);
}
function Ea(e, t) {
  dp(e, t);
  var n = En(t.value), r = t.type;
  if (n != null) r === "number" ? (n === 0 && e.value === "" || e.value != n) && (e.value = "" + n) : e.value !== "" + n && (e.value = "" + n);
  else if (r === "submit" || r === "reset") {
    e.removeAttribute("value");
    return;
  }
  t.hasOwnProperty("value") ? _a(e, t.type, n) : t.hasOwnProperty("defaultValue") && _a(e, t.type, En(t.defaultValue)), t.checked == null && t.defaultChecked != null && (e.defaultChecked = !!t.defaultChecked);
}
function uf(e, t, n) {
  if (t.hasOwnProperty("value") || t.hasOwnProperty("defaultValue")) {
    var r = t.type;
    if (!(r !== "submit" && r !== "reset" || t.value !== void 0 && t.value !== null)) return;
    t = "" + e._wrapperState.initialValue, n || t === e.value || (e.value = t), e.defaultValue = t;
  }
  n = e.name, n !== "" && (e.name = ""), e.defaultChecked = !!e._wrapperState.initialChecked, n !== "" && (e.name = n);
}
function _a(e, t, n) {
  (t !== "number" || Jo(e.ownerDocument) !== e) && (n == null ? e.defaultValue = "" + e._wrapperState.initialValue : e.defaultValue !== "" + n && (e.defaultValue = "" + n));
}
var li = Array.isArray;
function vr(e, t, n, r) {
  if (e = e.options, t) {
    t = {};
    for (var i = 0; i < n.length; i++) t["$" + n[i]] = !0;
    for (n = 0; n < e.length; n++) i = t.hasOwnProperty("$" + e[n].value), e[n].selected !== i && (e[n].selected = i), i && r && (e[n].defaultSelected = !0);
  } else {
    for (n = "" + En(n), t = null, i = 0; i < e.length; i++) {
      if (e[i].value === n) {
        e[i].selected = !0, r && (e[i].defaultSelected = !0);
        return;
      }
      t !== null || e[i].disabled || (t = e[i]);
    }
    t !== null && (t.selected = !0);
  }
}
function Sa(e, t) {
  if (t.dangerouslySetInnerHTML != null) throw Error(V(91));
  return me({}, t, { value: void 0, defaultValue: void 0, children: "" + e._wrapperState.initialValue });
}
function cf(e, t) {
  var n = t.value;
  if (n == null) {
    if (n = t.children, t = t.defaultValue, n != null) {
      if (t != null) throw Error(V(92));
      if (li(n)) {
        if (1 < n.length) throw Error(V(93));
        n = n[0];
      }
      t = n;
    }
    t == null && (t = ""), n = t;
  }
  e._wrapperState = { initialValue: En(n) };
}
function hp(e, t) {
  var n = En(t.value), r = En(t.defaultValue);
  n != null && (n = "" + n, n !== e.value && (e.value = n), t.defaultValue == null && e.defaultValue !== n && (e.defaultValue = n)), r != null && (e.defaultValue = "" + r);
}
function ff(e) {
  var t = e.textContent;
  t === e._wrapperState.initialValue && t !== "" && t !== null && (e.value = t);
}
function pp(e) {
  switch (e) {
    case "svg":
      return "http://www.w3.org/2000/svg";
    case "math":
      return "http://www.w3.org/1998/Math/MathML";
    default:
      return "http://www.w3.org/1999/xhtml";
  }
}
function ka(e, t) {
  return e == null || e === "http://www.w3.org/1999/xhtml" ? pp(t) : e === "http://www.w3.org/2000/svg" && t === "foreignObject" ? "http://www.w3.org/1999/xhtml" : e;
}
var fo, gp = function(e) {
  return typeof MSApp < "u" && MSApp.execUnsafeLocalFunction ? function(t, n, r, i) {
    MSApp.execUnsafeLocalFunction(function() {
      return e(t, n, r, i);
    });
  } : e;
}(function(e, t) {
  if (e.namespaceURI !== "http://www.w3.org/2000/svg" || "innerHTML" in e) e.innerHTML = t;
  else {
    for (fo = fo || document.createElement("div"), fo.innerHTML = "<svg>" + t.valueOf().toString() + "</svg>", t = fo.firstChild; e.firstChild; ) e.removeChild(e.firstChild);
    for (; t.firstChild; ) e.appendChild(t.firstChild);
  }
});
function Ni(e, t) {
  if (t) {
    var n = e.firstChild;
    if (n && n === e.lastChild && n.nodeType === 3) {
      n.nodeValue = t;
      return;
    }
  }
  e.textContent = t;
}
var hi = {
  animationIterationCount: !0,
  aspectRatio: !0,
  borderImageOutset: !0,
  borderImageSlice: !0,
  borderImageWidth: !0,
  boxFlex: !0,
  boxFlexGroup: !0,
  boxOrdinalGroup: !0,
  columnCount: !0,
  columns: !0,
  flex: !0,
  flexGrow: !0,
  flexPositive: !0,
  flexShrink: !0,
  flexNegative: !0,
  flexOrder: !0,
  gridArea: !0,
  gridRow: !0,
  gridRowEnd: !0,
  gridRowSpan: !0,
  gridRowStart: !0,
  gridColumn: !0,
  gridColumnEnd: !0,
  gridColumnSpan: !0,
  gridColumnStart: !0,
  fontWeight: !0,
  lineClamp: !0,
  lineHeight: !0,
  opacity: !0,
  order: !0,
  orphans: !0,
  tabSize: !0,
  widows: !0,
  zIndex: !0,
  zoom: !0,
  fillOpacity: !0,
  floodOpacity: !0,
  stopOpacity: !0,
  strokeDasharray: !0,
  strokeDashoffset: !0,
  strokeMiterlimit: !0,
  strokeOpacity: !0,
  strokeWidth: !0
}, mw = ["Webkit", "ms", "Moz", "O"];
Object.keys(hi).forEach(function(e) {
  mw.forEach(function(t) {
    t = t + e.charAt(0).toUpperCase() + e.substring(1), hi[t] = hi[e];
  });
});
function mp(e, t, n) {
  return t == null || typeof t == "boolean" || t === "" ? "" : n || typeof t != "number" || t === 0 || hi.hasOwnProperty(e) && hi[e] ? ("" + t).trim() : t + "px";
}
function yp(e, t) {
  e = e.style;
  for (var n in t) if (t.hasOwnProperty(n)) {
    var r = n.indexOf("--") === 0, i = mp(n, t[n], r);
    n === "float" && (n = "cssFloat"), r ? e.setProperty(n, i) : e[n] = i;
  }
}
var yw = me({ menuitem: !0 }, { area: !0, base: !0, br: !0, col: !0, embed: !0, hr: !0, img: !0, input: !0, keygen: !0, link: !0, meta: !0, param: !0, source: !0, track: !0, wbr: !0 });
function Na(e, t) {
  if (t) {
    if (yw[e] && (t.children != null || t.dangerouslySetInnerHTML != null)) throw Error(V(137, e));
    if (t.dangerouslySetInnerHTML != null) {
      if (t.children != null) throw Error(V(60));
      if (typeof t.dangerouslySetInnerHTML != "object" || !("__html" in t.dangerouslySetInnerHTML)) throw Error(V(61));
    }
    if (t.style != null && typeof t.style != "object") throw Error(V(62));
  }
}
function Ca(e, t) {
  if (e.indexOf("-") === -1) return typeof t.is == "string";
  switch (e) {
    case "annotation-xml":
    case "color-profile":
    case "font-face":
    case "font-face-src":
    case "font-face-uri":
    case "font-face-format":
    case "font-face-name":
    case "missing-glyph":
      return !1;
    default:
      return !0;
  }
}
var Ma = null;
function ju(e) {
  return e = e.target || e.srcElement || window, e.correspondingUseElement && (e = e.correspondingUseElement), e.nodeType === 3 ? e.parentNode : e;
}
var Ia = null, wr = null, xr = null;
function df(e) {
  if (e = Ji(e)) {
    if (typeof Ia != "function") throw Error(V(280));
    var t = e.stateNode;
    t && (t = Ws(t), Ia(e.stateNode, e.type, t));
  }
}
function vp(e) {
  wr ? xr ? xr.push(e) : xr = [e] : wr = e;
}
function wp() {
  if (wr) {
    var e = wr, t = xr;
    if (xr = wr = null, df(e), t) for (e = 0; e < t.length; e++) df(t[e]);
  }
}
function xp(e, t) {
  return e(t);
}
function Ep() {
}
var Ml = !1;
function _p(e, t, n) {
  if (Ml) return e(t, n);
  Ml = !0;
  try {
    return xp(e, t, n);
  } finally {
    Ml = !1, (wr !== null || xr !== null) && (Ep(), wp());
  }
}
function Ci(e, t) {
  var n = e.stateNode;
  if (n === null) return null;
  var r = Ws(n);
  if (r === null) return null;
  n = r[t];
  e: switch (t) {
    case "onClick":
    case "onClickCapture":
    case "onDoubleClick":
    case "onDoubleClickCapture":
    case "onMouseDown":
    case "onMouseDownCapture":
    case "onMouseMove":
    case "onMouseMoveCapture":
    case "onMouseUp":
    case "onMouseUpCapture":
    case "onMouseEnter":
      (r = !r.disabled) || (e = e.type, r = !(e === "button" || e === "input" || e === "select" || e === "textarea")), e = !r;
      break e;
    default:
      e = !1;
  }
  if (e) return null;
  if (n && typeof n != "function") throw Error(V(231, t, typeof n));
  return n;
}
var Pa = !1;
if (Gt) try {
  var Zr = {};
  Object.defineProperty(Zr, "passive", { get: function() {
    Pa = !0;
  } }), window.addEventListener("test", Zr, Zr), window.removeEventListener("test", Zr, Zr);
} catch {
  Pa = !1;
}
function vw(e, t, n, r, i, o, s, l, a) {
  var u = Array.prototype.slice.call(arguments, 3);
  try {
    t.apply(n, u);
  } catch (c) {
    this.onError(c);
  }
}
var pi = !1, es = null, ts = !1, $a = null, ww = { onError: function(e) {
  pi = !0, es = e;
} };
function xw(e, t, n, r, i, o, s, l, a) {
  pi = !1, es = null, vw.apply(ww, arguments);
}
function Ew(e, t, n, r, i, o, s, l, a) {
  if (xw.apply(this, arguments), pi) {
    if (pi) {
      var u = es;
      pi = !1, es = null;
    } else throw Error(V(198));
    ts || (ts = !0, $a = u);
  }
}
function tr(e) {
  var t = e, n = e;
  if (e.alternate) for (; t.return; ) t = t.return;
  else {
    e = t;
    do
      t = e, t.flags & 4098 && (n = t.return), e = t.return;
    while (e);
  }
  return t.tag === 3 ? n : null;
}
function Sp(e) {
  if (e.tag === 13) {
    var t = e.memoizedState;
    if (t === null && (e = e.alternate, e !== null && (t = e.memoizedState)), t !== null) return t.dehydrated;
  }
  return null;
}
function hf(e) {
  if (tr(e) !== e) throw Error(V(188));
}
function _w(e) {
  var t = e.alternate;
  if (!t) {
    if (t = tr(e), t === null) throw Error(V(188));
    return t !== e ? null : e;
  }
  for (var n = e, r = t; ; ) {
    var i = n.return;
    if (i === null) break;
    var o = i.alternate;
    if (o === null) {
      if (r = i.return, r !== null) {
        n = r;
        continue;
      }
      break;
    }
    if (i.child === o.child) {
      for (o = i.child; o; ) {
        if (o === n) return hf(i), e;
        if (o === r) return hf(i), t;
        o = o.sibling;
      }
      throw Error(V(188));
    }
    if (n.return !== r.return) n = i, r = o;
    else {
      for (var s = !1, l = i.child; l; ) {
        if (l === n) {
          s = !0, n = i, r = o;
          break;
        }
        if (l === r) {
          s = !0, r = i, n = o;
          break;
        }
        l = l.sibling;
      }
      if (!s) {
        for (l = o.child; l; ) {
          if (l === n) {
            s = !0, n = o, r = i;
            break;
          }
          if (l === r) {
            s = !0, r = o, n = i;
            break;
          }
          l = l.sibling;
        }
        if (!s) throw Error(V(189));
      }
    }
    if (n.alternate !== r) throw Error(V(190));
  }
  if (n.tag !== 3) throw Error(V(188));
  return n.stateNode.current === n ? e : t;
}
function kp(e) {
  return e = _w(e), e !== null ? Np(e) : null;
}
function Np(e) {
  if (e.tag === 5 || e.tag === 6) return e;
  for (e = e.child; e !== null; ) {
    var t = Np(e);
    if (t !== null) return t;
    e = e.sibling;
  }
  return null;
}
var Cp = Ke.unstable_scheduleCallback, pf = Ke.unstable_cancelCallback, Sw = Ke.unstable_shouldYield, kw = Ke.unstable_requestPaint, we = Ke.unstable_now, Nw = Ke.unstable_getCurrentPriorityLevel, Ru = Ke.unstable_ImmediatePriority, Mp = Ke.unstable_UserBlockingPriority, ns = Ke.unstable_NormalPriority, Cw = Ke.unstable_LowPriority, Ip = Ke.unstable_IdlePriority, Fs = null, Tt = null;
function Mw(e) {
  if (Tt && typeof Tt.onCommitFiberRoot == "function") try {
    Tt.onCommitFiberRoot(Fs, e, void 0, (e.current.flags & 128) === 128);
  } catch {
  }
}
var vt = Math.clz32 ? Math.clz32 : $w, Iw = Math.log, Pw = Math.LN2;
function $w(e) {
  return e >>>= 0, e === 0 ? 32 : 31 - (Iw(e) / Pw | 0) | 0;
}
var ho = 64, po = 4194304;
function ai(e) {
  switch (e & -e) {
    case 1:
      return 1;
    case 2:
      return 2;
    case 4:
      return 4;
    case 8:
      return 8;
    case 16:
      return 16;
    case 32:
      return 32;
    case 64:
    case 128:
    case 256:
    case 512:
    case 1024:
    case 2048:
    case 4096:
    case 8192:
    case 16384:
    case 32768:
    case 65536:
    case 131072:
    case 262144:
    case 524288:
    case 1048576:
    case 2097152:
      return e & 4194240;
    case 4194304:
    case 8388608:
    case 16777216:
    case 33554432:
    case 67108864:
      return e & 130023424;
    case 134217728:
      return 134217728;
    case 268435456:
      return 268435456;
    case 536870912:
      return 536870912;
    case 1073741824:
      return 1073741824;
    default:
      return e;
  }
}
function rs(e, t) {
  var n = e.pendingLanes;
  if (n === 0) return 0;
  var r = 0, i = e.suspendedLanes, o = e.pingedLanes, s = n & 268435455;
  if (s !== 0) {
    var l = s & ~i;
    l !== 0 ? r = ai(l) : (o &= s, o !== 0 && (r = ai(o)));
  } else s = n & ~i, s !== 0 ? r = ai(s) : o !== 0 && (r = ai(o));
  if (r === 0) return 0;
  if (t !== 0 && t !== r && !(t & i) && (i = r & -r, o = t & -t, i >= o || i === 16 && (o & 4194240) !== 0)) return t;
  if (r & 4 && (r |= n & 16), t = e.entangledLanes, t !== 0) for (e = e.entanglements, t &= r; 0 < t; ) n = 31 - vt(t), i = 1 << n, r |= e[n], t &= ~i;
  return r;
}
function Tw(e, t) {
  switch (e) {
    case 1:
    case 2:
    case 4:
      return t + 250;
    case 8:
    case 16:
    case 32:
    case 64:
    case 128:
    case 256:
    case 512:
    case 1024:
    case 2048:
    case 4096:
    case 8192:
    case 16384:
    case 32768:
    case 65536:
    case 131072:
    case 262144:
    case 524288:
    case 1048576:
    case 2097152:
      return t + 5e3;
    case 4194304:
    case 8388608:
    case 16777216:
    case 33554432:
    case 67108864:
      return -1;
    case 134217728:
    case 268435456:
    case 536870912:
    case 1073741824:
      return -1;
    default:
      return -1;
  }
}
function bw(e, t) {
  for (var n = e.suspendedLanes, r = e.pingedLanes, i = e.expirationTimes, o = e.pendingLanes; 0 < o; ) {
    var s = 31 - vt(o), l = 1 << s, a = i[s];
    a === -1 ? (!(l & n) || l & r) && (i[s] = Tw(l, t)) : a <= t && (e.expiredLanes |= l), o &= ~l;
  }
}
function Ta(e) {
  return e = e.pendingLanes & -1073741825, e !== 0 ? e : e & 1073741824 ? 1073741824 : 0;
}
function Pp() {
  var e = ho;
  return ho <<= 1, !(ho & 4194240) && (ho = 64), e;
}
function Il(e) {
  for (var t = [], n = 0; 31 > n; n++) t.push(e);
  return t;
}
function Zi(e, t, n) {
  e.pendingLanes |= t, t !== 536870912 && (e.suspendedLanes = 0, e.pingedLanes = 0), e = e.eventTimes, t = 31 - vt(t), e[t] = n;
}
function Lw(e, t) {
  var n = e.pendingLanes & ~t;
  e.pendingLanes = t, e.suspendedLanes = 0, e.pingedLanes = 0, e.expiredLanes &= t, e.mutableReadLanes &= t, e.entangledLanes &= t, t = e.entanglements;
  var r = e.eventTimes;
  for (e = e.expirationTimes; 0 < n; ) {
    var i = 31 - vt(n), o = 1 << i;
    t[i] = 0, r[i] = -1, e[i] = -1, n &= ~o;
  }
}
function Du(e, t) {
  var n = e.entangledLanes |= t;
  for (e = e.entanglements; n; ) {
    var r = 31 - vt(n), i = 1 << r;
    i & t | e[r] & t && (e[r] |= t), n &= ~i;
  }
}
var le = 0;
function $p(e) {
  return e &= -e, 1 < e ? 4 < e ? e & 268435455 ? 16 : 536870912 : 4 : 1;
}
var Tp, Au, bp, Lp, zp, ba = !1, go = [], dn = null, hn = null, pn = null, Mi = /* @__PURE__ */ new Map(), Ii = /* @__PURE__ */ new Map(), ln = [], zw = "mousedown mouseup touchcancel touchend touchstart auxclick dblclick pointercancel pointerdown pointerup dragend dragstart drop compositionend compositionstart keydown keypress keyup input textInput copy cut paste click change contextmenu reset submit".split(" ");
function gf(e, t) {
  switch (e) {
    case "focusin":
    case "focusout":
      dn = null;
      break;
    case "dragenter":
    case "dragleave":
      hn = null;
      break;
    case "mouseover":
    case "mouseout":
      pn = null;
      break;
    case "pointerover":
    case "pointerout":
      Mi.delete(t.pointerId);
      break;
    case "gotpointercapture":
    case "lostpointercapture":
      Ii.delete(t.pointerId);
  }
}
function qr(e, t, n, r, i, o) {
  return e === null || e.nativeEvent !== o ? (e = { blockedOn: t, domEventName: n, eventSystemFlags: r, nativeEvent: o, targetContainers: [i] }, t !== null && (t = Ji(t), t !== null && Au(t)), e) : (e.eventSystemFlags |= r, t = e.targetContainers, i !== null && t.indexOf(i) === -1 && t.push(i), e);
}
function Ow(e, t, n, r, i) {
  switch (t) {
    case "focusin":
      return dn = qr(dn, e, t, n, r, i), !0;
    case "dragenter":
      return hn = qr(hn, e, t, n, r, i), !0;
    case "mouseover":
      return pn = qr(pn, e, t, n, r, i), !0;
    case "pointerover":
      var o = i.pointerId;
      return Mi.set(o, qr(Mi.get(o) || null, e, t, n, r, i)), !0;
    case "gotpointercapture":
      return o = i.pointerId, Ii.set(o, qr(Ii.get(o) || null, e, t, n, r, i)), !0;
  }
  return !1;
}
function Op(e) {
  var t = zn(e.target);
  if (t !== null) {
    var n = tr(t);
    if (n !== null) {
      if (t = n.tag, t === 13) {
        if (t = Sp(n), t !== null) {
          e.blockedOn = t, zp(e.priority, function() {
            bp(n);
          });
          return;
        }
      } else if (t === 3 && n.stateNode.current.memoizedState.isDehydrated) {
        e.blockedOn = n.tag === 3 ? n.stateNode.containerInfo : null;
        return;
      }
    }
  }
  e.blockedOn = null;
}
function Do(e) {
  if (e.blockedOn !== null) return !1;
  for (var t = e.targetContainers; 0 < t.length; ) {
    var n = La(e.domEventName, e.eventSystemFlags, t[0], e.nativeEvent);
    if (n === null) {
      n = e.nativeEvent;
      var r = new n.constructor(n.type, n);
      Ma = r, n.target.dispatchEvent(r), Ma = null;
    } else return t = Ji(n), t !== null && Au(t), e.blockedOn = n, !1;
    t.shift();
  }
  return !0;
}
function mf(e, t, n) {
  Do(e) && n.delete(t);
}
function jw() {
  ba = !1, dn !== null && Do(dn) && (dn = null), hn !== null && Do(hn) && (hn = null), pn !== null && Do(pn) && (pn = null), Mi.forEach(mf), Ii.forEach(mf);
}
function Jr(e, t) {
  e.blockedOn === t && (e.blockedOn = null, ba || (ba = !0, Ke.unstable_scheduleCallback(Ke.unstable_NormalPriority, jw)));
}
function Pi(e) {
  function t(i) {
    return Jr(i, e);
  }
  if (0 < go.length) {
    Jr(go[0], e);
    for (var n = 1; n < go.length; n++) {
      var r = go[n];
      r.blockedOn === e && (r.blockedOn = null);
    }
  }
  for (dn !== null && Jr(dn, e), hn !== null && Jr(hn, e), pn !== null && Jr(pn, e), Mi.forEach(t), Ii.forEach(t), n = 0; n < ln.length; n++) r = ln[n], r.blockedOn === e && (r.blockedOn = null);
  for (; 0 < ln.length && (n = ln[0], n.blockedOn === null); ) Op(n), n.blockedOn === null && ln.shift();
}
var Er = Jt.ReactCurrentBatchConfig, is = !0;
function Rw(e, t, n, r) {
  var i = le, o = Er.transition;
  Er.transition = null;
  try {
    le = 1, Fu(e, t, n, r);
  } finally {
    le = i, Er.transition = o;
  }
}
function Dw(e, t, n, r) {
  var i = le, o = Er.transition;
  Er.transition = null;
  try {
    le = 4, Fu(e, t, n, r);
  } finally {
    le = i, Er.transition = o;
  }
}
function Fu(e, t, n, r) {
  if (is) {
    var i = La(e, t, n, r);
    if (i === null) Dl(e, t, r, os, n), gf(e, r);
    else if (Ow(i, e, t, n, r)) r.stopPropagation();
    else if (gf(e, r), t & 4 && -1 < zw.indexOf(e)) {
      for (; i !== null; ) {
        var o = Ji(i);
        if (o !== null && Tp(o), o = La(e, t, n, r), o === null && Dl(e, t, r, os, n), o === i) break;
        i = o;
      }
      i !== null && r.stopPropagation();
    } else Dl(e, t, r, null, n);
  }
}
var os = null;
function La(e, t, n, r) {
  if (os = null, e = ju(r), e = zn(e), e !== null) if (t = tr(e), t === null) e = null;
  else if (n = t.tag, n === 13) {
    if (e = Sp(t), e !== null) return e;
    e = null;
  } else if (n === 3) {
    if (t.stateNode.current.memoizedState.isDehydrated) return t.tag === 3 ? t.stateNode.containerInfo : null;
    e = null;
  } else t !== e && (e = null);
  return os = e, null;
}
function jp(e) {
  switch (e) {
    case "cancel":
    case "click":
    case "close":
    case "contextmenu":
    case "copy":
    case "cut":
    case "auxclick":
    case "dblclick":
    case "dragend":
    case "dragstart":
    case "drop":
    case "focusin":
    case "focusout":
    case "input":
    case "invalid":
    case "keydown":
    case "keypress":
    case "keyup":
    case "mousedown":
    case "mouseup":
    case "paste":
    case "pause":
    case "play":
    case "pointercancel":
    case "pointerdown":
    case "pointerup":
    case "ratechange":
    case "reset":
    case "resize":
    case "seeked":
    case "submit":
    case "touchcancel":
    case "touchend":
    case "touchstart":
    case "volumechange":
    case "change":
    case "selectionchange":
    case "textInput":
    case "compositionstart":
    case "compositionend":
    case "compositionupdate":
    case "beforeblur":
    case "afterblur":
    case "beforeinput":
    case "blur":
    case "fullscreenchange":
    case "focus":
    case "hashchange":
    case "popstate":
    case "select":
    case "selectstart":
      return 1;
    case "drag":
    case "dragenter":
    case "dragexit":
    case "dragleave":
    case "dragover":
    case "mousemove":
    case "mouseout":
    case "mouseover":
    case "pointermove":
    case "pointerout":
    case "pointerover":
    case "scroll":
    case "toggle":
    case "touchmove":
    case "wheel":
    case "mouseenter":
    case "mouseleave":
    case "pointerenter":
    case "pointerleave":
      return 4;
    case "message":
      switch (Nw()) {
        case Ru:
          return 1;
        case Mp:
          return 4;
        case ns:
        case Cw:
          return 16;
        case Ip:
          return 536870912;
        default:
          return 16;
      }
    default:
      return 16;
  }
}
var cn = null, Hu = null, Ao = null;
function Rp() {
  if (Ao) return Ao;
  var e, t = Hu, n = t.length, r, i = "value" in cn ? cn.value : cn.textContent, o = i.length;
  for (e = 0; e < n && t[e] === i[e]; e++) ;
  var s = n - e;
  for (r = 1; r <= s && t[n - r] === i[o - r]; r++) ;
  return Ao = i.slice(e, 1 < r ? 1 - r : void 0);
}
function Fo(e) {
  var t = e.keyCode;
  return "charCode" in e ? (e = e.charCode, e === 0 && t === 13 && (e = 13)) : e = t, e === 10 && (e = 13), 32 <= e || e === 13 ? e : 0;
}
function mo() {
  return !0;
}
function yf() {
  return !1;
}
function Je(e) {
  function t(n, r, i, o, s) {
    this._reactName = n, this._targetInst = i, this.type = r, this.nativeEvent = o, this.target = s, this.currentTarget = null;
    for (var l in e) e.hasOwnProperty(l) && (n = e[l], this[l] = n ? n(o) : o[l]);
    return this.isDefaultPrevented = (o.defaultPrevented != null ? o.defaultPrevented : o.returnValue === !1) ? mo : yf, this.isPropagationStopped = yf, this;
  }
  return me(t.prototype, { preventDefault: function() {
    this.defaultPrevented = !0;
    var n = this.nativeEvent;
    n && (n.preventDefault ? n.preventDefault() : typeof n.returnValue != "unknown" && (n.returnValue = !1), this.isDefaultPrevented = mo);
  }, stopPropagation: function() {
    var n = this.nativeEvent;
    n && (n.stopPropagation ? n.stopPropagation() : typeof n.cancelBubble != "unknown" && (n.cancelBubble = !0), this.isPropagationStopped = mo);
  }, persist: function() {
  }, isPersistent: mo }), t;
}
var Yr = { eventPhase: 0, bubbles: 0, cancelable: 0, timeStamp: function(e) {
  return e.timeStamp || Date.now();
}, defaultPrevented: 0, isTrusted: 0 }, Vu = Je(Yr), qi = me({}, Yr, { view: 0, detail: 0 }), Aw = Je(qi), Pl, $l, ei, Hs = me({}, qi, { screenX: 0, screenY: 0, clientX: 0, clientY: 0, pageX: 0, pageY: 0, ctrlKey: 0, shiftKey: 0, altKey: 0, metaKey: 0, getModifierState: Bu, button: 0, buttons: 0, relatedTarget: function(e) {
  return e.relatedTarget === void 0 ? e.fromElement === e.srcElement ? e.toElement : e.fromElement : e.relatedTarget;
}, movementX: function(e) {
  return "movementX" in e ? e.movementX : (e !== ei && (ei && e.type === "mousemove" ? (Pl = e.screenX - ei.screenX, $l = e.screenY - ei.screenY) : $l = Pl = 0, ei = e), Pl);
}, movementY: function(e) {
  return "movementY" in e ? e.movementY : $l;
} }), vf = Je(Hs), Fw = me({}, Hs, { dataTransfer: 0 }), Hw = Je(Fw), Vw = me({}, qi, { relatedTarget: 0 }), Tl = Je(Vw), Bw = me({}, Yr, { animationName: 0, elapsedTime: 0, pseudoElement: 0 }), Ww = Je(Bw), Uw = me({}, Yr, { clipboardData: function(e) {
  return "clipboardData" in e ? e.clipboardData : window.clipboardData;
} }), Yw = Je(Uw), Xw = me({}, Yr, { data: 0 }), wf = Je(Xw), Gw = {
  Esc: "Escape",
  Spacebar: " ",
  Left: "ArrowLeft",
  Up: "ArrowUp",
  Right: "ArrowRight",
  Down: "ArrowDown",
  Del: "Delete",
  Win: "OS",
  Menu: "ContextMenu",
  Apps: "ContextMenu",
  Scroll: "ScrollLock",
  MozPrintableKey: "Unidentified"
}, Qw = {
  8: "Backspace",
  9: "Tab",
  12: "Clear",
  13: "Enter",
  16: "Shift",
  17: "Control",
  18: "Alt",
  19: "Pause",
  20: "CapsLock",
  27: "Escape",
  32: " ",
  33: "PageUp",
  34: "PageDown",
  35: "End",
  36: "Home",
  37: "ArrowLeft",
  38: "ArrowUp",
  39: "ArrowRight",
  40: "ArrowDown",
  45: "Insert",
  46: "Delete",
  112: "F1",
  113: "F2",
  114: "F3",
  115: "F4",
  116: "F5",
  117: "F6",
  118: "F7",
  119: "F8",
  120: "F9",
  121: "F10",
  122: "F11",
  123: "F12",
  144: "NumLock",
  145: "ScrollLock",
  224: "Meta"
}, Kw = { Alt: "altKey", Control: "ctrlKey", Meta: "metaKey", Shift: "shiftKey" };
function Zw(e) {
  var t = this.nativeEvent;
  return t.getModifierState ? t.getModifierState(e) : (e = Kw[e]) ? !!t[e] : !1;
}
function Bu() {
  return Zw;
}
var qw = me({}, qi, { key: function(e) {
  if (e.key) {
    var t = Gw[e.key] || e.key;
    if (t !== "Unidentified") return t;
  }
  return e.type === "keypress" ? (e = Fo(e), e === 13 ? "Enter" : String.fromCharCode(e)) : e.type === "keydown" || e.type === "keyup" ? Qw[e.keyCode] || "Unidentified" : "";
}, code: 0, location: 0, ctrlKey: 0, shiftKey: 0, altKey: 0, metaKey: 0, repeat: 0, locale: 0, getModifierState: Bu, charCode: function(e) {
  return e.type === "keypress" ? Fo(e) : 0;
}, keyCode: function(e) {
  return e.type === "keydown" || e.type === "keyup" ? e.keyCode : 0;
}, which: function(e) {
  return e.type === "keypress" ? Fo(e) : e.type === "keydown" || e.type === "keyup" ? e.keyCode : 0;
} }), Jw = Je(qw), e1 = me({}, Hs, { pointerId: 0, width: 0, height: 0, pressure: 0, tangentialPressure: 0, tiltX: 0, tiltY: 0, twist: 0, pointerType: 0, isPrimary: 0 }), xf = Je(e1), t1 = me({}, qi, { touches: 0, targetTouches: 0, changedTouches: 0, altKey: 0, metaKey: 0, ctrlKey: 0, shiftKey: 0, getModifierState: Bu }), n1 = Je(t1), r1 = me({}, Yr, { propertyName: 0, elapsedTime: 0, pseudoElement: 0 }), i1 = Je(r1), o1 = me({}, Hs, {
  deltaX: function(e) {
    return "deltaX" in e ? e.deltaX : "wheelDeltaX" in e ? -e.wheelDeltaX : 0;
  },
  deltaY: function(e) {
    return "deltaY" in e ? e.deltaY : "wheelDeltaY" in e ? -e.wheelDeltaY : "wheelDelta" in e ? -e.wheelDelta : 0;
  },
  deltaZ: 0,
  deltaMode: 0
}), s1 = Je(o1), l1 = [9, 13, 27, 32], Wu = Gt && "CompositionEvent" in window, gi = null;
Gt && "documentMode" in document && (gi = document.documentMode);
var a1 = Gt && "TextEvent" in window && !gi, Dp = Gt && (!Wu || gi && 8 < gi && 11 >= gi), Ef = " ", _f = !1;
function Ap(e, t) {
  switch (e) {
    case "keyup":
      return l1.indexOf(t.keyCode) !== -1;
    case "keydown":
      return t.keyCode !== 229;
    case "keypress":
    case "mousedown":
    case "focusout":
      return !0;
    default:
      return !1;
  }
}
function Fp(e) {
  return e = e.detail, typeof e == "object" && "data" in e ? e.data : null;
}
var lr = !1;
function u1(e, t) {
  switch (e) {
    case "compositionend":
      return Fp(t);
    case "keypress":
      return t.which !== 32 ? null : (_f = !0, Ef);
    case "textInput":
      return e = t.data, e === Ef && _f ? null : e;
    default:
      return null;
  }
}
function c1(e, t) {
  if (lr) return e === "compositionend" || !Wu && Ap(e, t) ? (e = Rp(), Ao = Hu = cn = null, lr = !1, e) : null;
  switch (e) {
    case "paste":
      return null;
    case "keypress":
      if (!(t.ctrlKey || t.altKey || t.metaKey) || t.ctrlKey && t.altKey) {
        if (t.char && 1 < t.char.length) return t.char;
        if (t.which) return String.fromCharCode(t.which);
      }
      return null;
    case "compositionend":
      return Dp && t.locale !== "ko" ? null : t.data;
    default:
      return null;
  }
}
var f1 = { color: !0, date: !0, datetime: !0, "datetime-local": !0, email: !0, month: !0, number: !0, password: !0, range: !0, search: !0, tel: !0, text: !0, time: !0, url: !0, week: !0 };
function Sf(e) {
  var t = e && e.nodeName && e.nodeName.toLowerCase();
  return t === "input" ? !!f1[e.type] : t === "textarea";
}
function Hp(e, t, n, r) {
  vp(r), t = ss(t, "onChange"), 0 < t.length && (n = new Vu("onChange", "change", null, n, r), e.push({ event: n, listeners: t }));
}
var mi = null, $i = null;
function d1(e) {
  qp(e, 0);
}
function Vs(e) {
  var t = cr(e);
  if (fp(t)) return e;
}
function h1(e, t) {
  if (e === "change") return t;
}
var Vp = !1;
if (Gt) {
  var bl;
  if (Gt) {
    var Ll = "oninput" in document;
    if (!Ll) {
      var kf = document.createElement("div");
      kf.setAttribute("oninput", "return;"), Ll = typeof kf.oninput == "function";
    }
    bl = Ll;
  } else bl = !1;
  Vp = bl && (!document.documentMode || 9 < document.documentMode);
}
function Nf() {
  mi && (mi.detachEvent("onpropertychange", Bp), $i = mi = null);
}
function Bp(e) {
  if (e.propertyName === "value" && Vs($i)) {
    var t = [];
    Hp(t, $i, e, ju(e)), _p(d1, t);
  }
}
function p1(e, t, n) {
  e === "focusin" ? (Nf(), mi = t, $i = n, mi.attachEvent("onpropertychange", Bp)) : e === "focusout" && Nf();
}
function g1(e) {
  if (e === "selectionchange" || e === "keyup" || e === "keydown") return Vs($i);
}
function m1(e, t) {
  if (e === "click") return Vs(t);
}
function y1(e, t) {
  if (e === "input" || e === "change") return Vs(t);
}
function v1(e, t) {
  return e === t && (e !== 0 || 1 / e === 1 / t) || e !== e && t !== t;
}
var xt = typeof Object.is == "function" ? Object.is : v1;
function Ti(e, t) {
  if (xt(e, t)) return !0;
  if (typeof e != "object" || e === null || typeof t != "object" || t === null) return !1;
  var n = Object.keys(e), r = Object.keys(t);
  if (n.length !== r.length) return !1;
  for (r = 0; r < n.length; r++) {
    var i = n[r];
    if (!ga.call(t, i) || !xt(e[i], t[i])) return !1;
  }
  return !0;
}
function Cf(e) {
  for (; e && e.firstChild; ) e = e.firstChild;
  return e;
}
function Mf(e, t) {
  var n = Cf(e);
  e = 0;
  for (var r; n; ) {
    if (n.nodeType === 3) {
      if (r = e + n.textContent.length, e <= t && r >= t) return { node: n, offset: t - e };
      e = r;
    }
    e: {
      for (; n; ) {
        if (n.nextSibling) {
          n = n.nextSibling;
          break e;
        }
        n = n.parentNode;
      }
      n = void 0;
    }
    n = Cf(n);
  }
}
function Wp(e, t) {
  return e && t ? e === t ? !0 : e && e.nodeType === 3 ? !1 : t && t.nodeType === 3 ? Wp(e, t.parentNode) : "contains" in e ? e.contains(t) : e.compareDocumentPosition ? !!(e.compareDocumentPosition(t) & 16) : !1 : !1;
}
function Up() {
  for (var e = window, t = Jo(); t instanceof e.HTMLIFrameElement; ) {
    try {
      var n = typeof t.contentWindow.location.href == "string";
    } catch {
      n = !1;
    }
    if (n) e = t.contentWindow;
    else break;
    t = Jo(e.document);
  }
  return t;
}
function Uu(e) {
  var t = e && e.nodeName && e.nodeName.toLowerCase();
  return t && (t === "input" && (e.type === "text" || e.type === "search" || e.type === "tel" || e.type === "url" || e.type === "password") || t === "textarea" || e.contentEditable === "true");
}
function w1(e) {
  var t = Up(), n = e.focusedElem, r = e.selectionRange;
  if (t !== n && n && n.ownerDocument && Wp(n.ownerDocument.documentElement, n)) {
    if (r !== null && Uu(n)) {
      if (t = r.start, e = r.end, e === void 0 && (e = t), "selectionStart" in n) n.selectionStart = t, n.selectionEnd = Math.min(e, n.value.length);
      else if (e = (t = n.ownerDocument || document) && t.defaultView || window, e.getSelection) {
        e = e.getSelection();
        var i = n.textContent.length, o = Math.min(r.start, i);
        r = r.end === void 0 ? o : Math.min(r.end, i), !e.extend && o > r && (i = r, r = o, o = i), i = Mf(n, o);
        var s = Mf(
          n,
          r
        );
        i && s && (e.rangeCount !== 1 || e.anchorNode !== i.node || e.anchorOffset !== i.offset || e.focusNode !== s.node || e.focusOffset !== s.offset) && (t = t.createRange(), t.setStart(i.node, i.offset), e.removeAllRanges(), o > r ? (e.addRange(t), e.extend(s.node, s.offset)) : (t.setEnd(s.node, s.offset), e.addRange(t)));
      }
    }
    for (t = [], e = n; e = e.parentNode; ) e.nodeType === 1 && t.push({ element: e, left: e.scrollLeft, top: e.scrollTop });
    for (typeof n.focus == "function" && n.focus(), n = 0; n < t.length; n++) e = t[n], e.element.scrollLeft = e.left, e.element.scrollTop = e.top;
  }
}
var x1 = Gt && "documentMode" in document && 11 >= document.documentMode, ar = null, za = null, yi = null, Oa = !1;
function If(e, t, n) {
  var r = n.window === n ? n.document : n.nodeType === 9 ? n : n.ownerDocument;
  Oa || ar == null || ar !== Jo(r) || (r = ar, "selectionStart" in r && Uu(r) ? r = { start: r.selectionStart, end: r.selectionEnd } : (r = (r.ownerDocument && r.ownerDocument.defaultView || window).getSelection(), r = { anchorNode: r.anchorNode, anchorOffset: r.anchorOffset, focusNode: r.focusNode, focusOffset: r.focusOffset }), yi && Ti(yi, r) || (yi = r, r = ss(za, "onSelect"), 0 < r.length && (t = new Vu("onSelect", "select", null, t, n), e.push({ event: t, listeners: r }), t.target = ar)));
}
function yo(e, t) {
  var n = {};
  return n[e.toLowerCase()] = t.toLowerCase(), n["Webkit" + e] = "webkit" + t, n["Moz" + e] = "moz" + t, n;
}
var ur = { animationend: yo("Animation", "AnimationEnd"), animationiteration: yo("Animation", "AnimationIteration"), animationstart: yo("Animation", "AnimationStart"), transitionend: yo("Transition", "TransitionEnd") }, zl = {}, Yp = {};
Gt && (Yp = document.createElement("div").style, "AnimationEvent" in window || (delete ur.animationend.animation, delete ur.animationiteration.animation, delete ur.animationstart.animation), "TransitionEvent" in window || delete ur.transitionend.transition);
function Bs(e) {
  if (zl[e]) return zl[e];
  if (!ur[e]) return e;
  var t = ur[e], n;
  for (n in t) if (t.hasOwnProperty(n) && n in Yp) return zl[e] = t[n];
  return e;
}
var Xp = Bs("animationend"), Gp = Bs("animationiteration"), Qp = Bs("animationstart"), Kp = Bs("transitionend"), Zp = /* @__PURE__ */ new Map(), Pf = "abort auxClick cancel canPlay canPlayThrough click close contextMenu copy cut drag dragEnd dragEnter dragExit dragLeave dragOver dragStart drop durationChange emptied encrypted ended error gotPointerCapture input invalid keyDown keyPress keyUp load loadedData loadedMetadata loadStart lostPointerCapture mouseDown mouseMove mouseOut mouseOver mouseUp paste pause play playing pointerCancel pointerDown pointerMove pointerOut pointerOver pointerUp progress rateChange reset resize seeked seeking stalled submit suspend timeUpdate touchCancel touchEnd touchStart volumeChange scroll toggle touchMove waiting wheel".split(" ");
function Sn(e, t) {
  Zp.set(e, t), er(t, [e]);
}
for (var Ol = 0; Ol < Pf.length; Ol++) {
  var jl = Pf[Ol], E1 = jl.toLowerCase(), _1 = jl[0].toUpperCase() + jl.slice(1);
  Sn(E1, "on" + _1);
}
Sn(Xp, "onAnimationEnd");
Sn(Gp, "onAnimationIteration");
Sn(Qp, "onAnimationStart");
Sn("dblclick", "onDoubleClick");
Sn("focusin", "onFocus");
Sn("focusout", "onBlur");
Sn(Kp, "onTransitionEnd");
Ir("onMouseEnter", ["mouseout", "mouseover"]);
Ir("onMouseLeave", ["mouseout", "mouseover"]);
Ir("onPointerEnter", ["pointerout", "pointerover"]);
Ir("onPointerLeave", ["pointerout", "pointerover"]);
er("onChange", "change click focusin focusout input keydown keyup selectionchange".split(" "));
er("onSelect", "focusout contextmenu dragend focusin keydown keyup mousedown mouseup selectionchange".split(" "));
er("onBeforeInput", ["compositionend", "keypress", "textInput", "paste"]);
er("onCompositionEnd", "compositionend focusout keydown keypress keyup mousedown".split(" "));
er("onCompositionStart", "compositionstart focusout keydown keypress keyup mousedown".split(" "));
er("onCompositionUpdate", "compositionupdate focusout keydown keypress keyup mousedown".split(" "));
var ui = "abort canplay canplaythrough durationchange emptied encrypted ended error loadeddata loadedmetadata loadstart pause play playing progress ratechange resize seeked seeking stalled suspend timeupdate volumechange waiting".split(" "), S1 = new Set("cancel close invalid load scroll toggle".split(" ").concat(ui));
function $f(e, t, n) {
  var r = e.type || "unknown-event";
  e.currentTarget = n, Ew(r, t, void 0, e), e.currentTarget = null;
}
function qp(e, t) {
  t = (t & 4) !== 0;
  for (var n = 0; n < e.length; n++) {
    var r = e[n], i = r.event;
    r = r.listeners;
    e: {
      var o = void 0;
      if (t) for (var s = r.length - 1; 0 <= s; s--) {
        var l = r[s], a = l.instance, u = l.currentTarget;
        if (l = l.listener, a !== o && i.isPropagationStopped()) break e;
        $f(i, l, u), o = a;
      }
      else for (s = 0; s < r.length; s++) {
        if (l = r[s], a = l.instance, u = l.currentTarget, l = l.listener, a !== o && i.isPropagationStopped()) break e;
        $f(i, l, u), o = a;
      }
    }
  }
  if (ts) throw e = $a, ts = !1, $a = null, e;
}
function ce(e, t) {
  var n = t[Fa];
  n === void 0 && (n = t[Fa] = /* @__PURE__ */ new Set());
  var r = e + "__bubble";
  n.has(r) || (Jp(t, e, 2, !1), n.add(r));
}
function Rl(e, t, n) {
  var r = 0;
  t && (r |= 4), Jp(n, e, r, t);
}
var vo = "_reactListening" + Math.random().toString(36).slice(2);
function bi(e) {
  if (!e[vo]) {
    e[vo] = !0, sp.forEach(function(n) {
      n !== "selectionchange" && (S1.has(n) || Rl(n, !1, e), Rl(n, !0, e));
    });
    var t = e.nodeType === 9 ? e : e.ownerDocument;
    t === null || t[vo] || (t[vo] = !0, Rl("selectionchange", !1, t));
  }
}
function Jp(e, t, n, r) {
  switch (jp(t)) {
    case 1:
      var i = Rw;
      break;
    case 4:
      i = Dw;
      break;
    default:
      i = Fu;
  }
  n = i.bind(null, t, n, e), i = void 0, !Pa || t !== "touchstart" && t !== "touchmove" && t !== "wheel" || (i = !0), r ? i !== void 0 ? e.addEventListener(t, n, { capture: !0, passive: i }) : e.addEventListener(t, n, !0) : i !== void 0 ? e.addEventListener(t, n, { passive: i }) : e.addEventListener(t, n, !1);
}
function Dl(e, t, n, r, i) {
  var o = r;
  if (!(t & 1) && !(t & 2) && r !== null) e: for (; ; ) {
    if (r === null) return;
    var s = r.tag;
    if (s === 3 || s === 4) {
      var l = r.stateNode.containerInfo;
      if (l === i || l.nodeType === 8 && l.parentNode === i) break;
      if (s === 4) for (s = r.return; s !== null; ) {
        var a = s.tag;
        if ((a === 3 || a === 4) && (a = s.stateNode.containerInfo, a === i || a.nodeType === 8 && a.parentNode === i)) return;
        s = s.return;
      }
      for (; l !== null; ) {
        if (s = zn(l), s === null) return;
        if (a = s.tag, a === 5 || a === 6) {
          r = o = s;
          continue e;
        }
        l = l.parentNode;
      }
    }
    r = r.return;
  }
  _p(function() {
    var u = o, c = ju(n), d = [];
    e: {
      var f = Zp.get(e);
      if (f !== void 0) {
        var p = Vu, h = e;
        switch (e) {
          case "keypress":
            if (Fo(n) === 0) break e;
          case "keydown":
          case "keyup":
            p = Jw;
            break;
          case "focusin":
            h = "focus", p = Tl;
            break;
          case "focusout":
            h = "blur", p = Tl;
            break;
          case "beforeblur":
          case "afterblur":
            p = Tl;
            break;
          case "click":
            if (n.button === 2) break e;
          case "auxclick":
          case "dblclick":
          case "mousedown":
          case "mousemove":
          case "mouseup":
          case "mouseout":
          case "mouseover":
          case "contextmenu":
            p = vf;
            break;
          case "drag":
          case "dragend":
          case "dragenter":
          case "dragexit":
          case "dragleave":
          case "dragover":
          case "dragstart":
          case "drop":
            p = Hw;
            break;
          case "touchcancel":
          case "touchend":
          case "touchmove":
          case "touchstart":
            p = n1;
            break;
          case Xp:
          case Gp:
          case Qp:
            p = Ww;
            break;
          case Kp:
            p = i1;
            break;
          case "scroll":
            p = Aw;
            break;
          case "wheel":
            p = s1;
            break;
          case "copy":
          case "cut":
          case "paste":
            p = Yw;
            break;
          case "gotpointercapture":
          case "lostpointercapture":
          case "pointercancel":
          case "pointerdown":
          case "pointermove":
          case "pointerout":
          case "pointerover":
          case "pointerup":
            p = xf;
        }
        var v = (t & 4) !== 0, E = !v && e === "scroll", g = v ? f !== null ? f + "Capture" : null : f;
        v = [];
        for (var y = u, m; y !== null; ) {
          m = y;
          var w = m.stateNode;
          if (m.tag === 5 && w !== null && (m = w, g !== null && (w = Ci(y, g), w != null && v.push(Li(y, w, m)))), E) break;
          y = y.return;
        }
        0 < v.length && (f = new p(f, h, null, n, c), d.push({ event: f, listeners: v }));
      }
    }
    if (!(t & 7)) {
      e: {
        if (f = e === "mouseover" || e === "pointerover", p = e === "mouseout" || e === "pointerout", f && n !== Ma && (h = n.relatedTarget || n.fromElement) && (zn(h) || h[Qt])) break e;
        if ((p || f) && (f = c.window === c ? c : (f = c.ownerDocument) ? f.defaultView || f.parentWindow : window, p ? (h = n.relatedTarget || n.toElement, p = u, h = h ? zn(h) : null, h !== null && (E = tr(h), h !== E || h.tag !== 5 && h.tag !== 6) && (h = null)) : (p = null, h = u), p !== h)) {
          if (v = vf, w = "onMouseLeave", g = "onMouseEnter", y = "mouse", (e === "pointerout" || e === "pointerover") && (v = xf, w = "onPointerLeave", g = "onPointerEnter", y = "pointer"), E = p == null ? f : cr(p), m = h == null ? f : cr(h), f = new v(w, y + "leave", p, n, c), f.target = E, f.relatedTarget = m, w = null, zn(c) === u && (v = new v(g, y + "enter", h, n, c), v.target = m, v.relatedTarget = E, w = v), E = w, p && h) t: {
            for (v = p, g = h, y = 0, m = v; m; m = rr(m)) y++;
            for (m = 0, w = g; w; w = rr(w)) m++;
            for (; 0 < y - m; ) v = rr(v), y--;
            for (; 0 < m - y; ) g = rr(g), m--;
            for (; y--; ) {
              if (v === g || g !== null && v === g.alternate) break t;
              v = rr(v), g = rr(g);
            }
            v = null;
          }
          else v = null;
          p !== null && Tf(d, f, p, v, !1), h !== null && E !== null && Tf(d, E, h, v, !0);
        }
      }
      e: {
        if (f = u ? cr(u) : window, p = f.nodeName && f.nodeName.toLowerCase(), p === "select" || p === "input" && f.type === "file") var S = h1;
        else if (Sf(f)) if (Vp) S = y1;
        else {
          S = g1;
          var k = p1;
        }
        else (p = f.nodeName) && p.toLowerCase() === "input" && (f.type === "checkbox" || f.type === "radio") && (S = m1);
        if (S && (S = S(e, u))) {
          Hp(d, S, n, c);
          break e;
        }
        k && k(e, f, u), e === "focusout" && (k = f._wrapperState) && k.controlled && f.type === "number" && _a(f, "number", f.value);
      }
      switch (k = u ? cr(u) : window, e) {
        case "focusin":
          (Sf(k) || k.contentEditable === "true") && (ar = k, za = u, yi = null);
          break;
        case "focusout":
          yi = za = ar = null;
          break;
        case "mousedown":
          Oa = !0;
          break;
        case "contextmenu":
        case "mouseup":
        case "dragend":
          Oa = !1, If(d, n, c);
          break;
        case "selectionchange":
          if (x1) break;
        case "keydown":
        case "keyup":
          If(d, n, c);
      }
      var N;
      if (Wu) e: {
        switch (e) {
          case "compositionstart":
            var P = "onCompositionStart";
            break e;
          case "compositionend":
            P = "onCompositionEnd";
            break e;
          case "compositionupdate":
            P = "onCompositionUpdate";
            break e;
        }
        P = void 0;
      }
      else lr ? Ap(e, n) && (P = "onCompositionEnd") : e === "keydown" && n.keyCode === 229 && (P = "onCompositionStart");
      P && (Dp && n.locale !== "ko" && (lr || P !== "onCompositionStart" ? P === "onCompositionEnd" && lr && (N = Rp()) : (cn = c, Hu = "value" in cn ? cn.value : cn.textContent, lr = !0)), k = ss(u, P), 0 < k.length && (P = new wf(P, e, null, n, c), d.push({ event: P, listeners: k }), N ? P.data = N : (N = Fp(n), N !== null && (P.data = N)))), (N = a1 ? u1(e, n) : c1(e, n)) && (u = ss(u, "onBeforeInput"), 0 < u.length && (c = new wf("onBeforeInput", "beforeinput", null, n, c), d.push({ event: c, listeners: u }), c.data = N));
    }
    qp(d, t);
  });
}
function Li(e, t, n) {
  return { instance: e, listener: t, currentTarget: n };
}
function ss(e, t) {
  for (var n = t + "Capture", r = []; e !== null; ) {
    var i = e, o = i.stateNode;
    i.tag === 5 && o !== null && (i = o, o = Ci(e, n), o != null && r.unshift(Li(e, o, i)), o = Ci(e, t), o != null && r.push(Li(e, o, i))), e = e.return;
  }
  return r;
}
function rr(e) {
  if (e === null) return null;
  do
    e = e.return;
  while (e && e.tag !== 5);
  return e || null;
}
function Tf(e, t, n, r, i) {
  for (var o = t._reactName, s = []; n !== null && n !== r; ) {
    var l = n, a = l.alternate, u = l.stateNode;
    if (a !== null && a === r) break;
    l.tag === 5 && u !== null && (l = u, i ? (a = Ci(n, o), a != null && s.unshift(Li(n, a, l))) : i || (a = Ci(n, o), a != null && s.push(Li(n, a, l)))), n = n.return;
  }
  s.length !== 0 && e.push({ event: t, listeners: s });
}
var k1 = /\r\n?/g, N1 = /\u0000|\uFFFD/g;
function bf(e) {
  return (typeof e == "string" ? e : "" + e).replace(k1, `
`).replace(N1, "");
}
function wo(e, t, n) {
  if (t = bf(t), bf(e) !== t && n) throw Error(V(425));
}
function ls() {
}
var ja = null, Ra = null;
function Da(e, t) {
  return e === "textarea" || e === "noscript" || typeof t.children == "string" || typeof t.children == "number" || typeof t.dangerouslySetInnerHTML == "object" && t.dangerouslySetInnerHTML !== null && t.dangerouslySetInnerHTML.__html != null;
}
var Aa = typeof setTimeout == "function" ? setTimeout : void 0, C1 = typeof clearTimeout == "function" ? clearTimeout : void 0, Lf = typeof Promise == "function" ? Promise : void 0, M1 = typeof queueMicrotask == "function" ? queueMicrotask : typeof Lf < "u" ? function(e) {
  return Lf.resolve(null).then(e).catch(I1);
} : Aa;
function I1(e) {
  setTimeout(function() {
    throw e;
  });
}
function Al(e, t) {
  var n = t, r = 0;
  do {
    var i = n.nextSibling;
    if (e.removeChild(n), i && i.nodeType === 8) if (n = i.data, n === "/$") {
      if (r === 0) {
        e.removeChild(i), Pi(t);
        return;
      }
      r--;
    } else n !== "$" && n !== "$?" && n !== "$!" || r++;
    n = i;
  } while (n);
  Pi(t);
}
function gn(e) {
  for (; e != null; e = e.nextSibling) {
    var t = e.nodeType;
    if (t === 1 || t === 3) break;
    if (t === 8) {
      if (t = e.data, t === "$" || t === "$!" || t === "$?") break;
      if (t === "/$") return null;
    }
  }
  return e;
}
function zf(e) {
  e = e.previousSibling;
  for (var t = 0; e; ) {
    if (e.nodeType === 8) {
      var n = e.data;
      if (n === "$" || n === "$!" || n === "$?") {
        if (t === 0) return e;
        t--;
      } else n === "/$" && t++;
    }
    e = e.previousSibling;
  }
  return null;
}
var Xr = Math.random().toString(36).slice(2), $t = "__reactFiber$" + Xr, zi = "__reactProps$" + Xr, Qt = "__reactContainer$" + Xr, Fa = "__reactEvents$" + Xr, P1 = "__reactListeners$" + Xr, $1 = "__reactHandles$" + Xr;
function zn(e) {
  var t = e[$t];
  if (t) return t;
  for (var n = e.parentNode; n; ) {
    if (t = n[Qt] || n[$t]) {
      if (n = t.alternate, t.child !== null || n !== null && n.child !== null) for (e = zf(e); e !== null; ) {
        if (n = e[$t]) return n;
        e = zf(e);
      }
      return t;
    }
    e = n, n = e.parentNode;
  }
  return null;
}
function Ji(e) {
  return e = e[$t] || e[Qt], !e || e.tag !== 5 && e.tag !== 6 && e.tag !== 13 && e.tag !== 3 ? null : e;
}
function cr(e) {
  if (e.tag === 5 || e.tag === 6) return e.stateNode;
  throw Error(V(33));
}
function Ws(e) {
  return e[zi] || null;
}
var Ha = [], fr = -1;
function kn(e) {
  return { current: e };
}
function fe(e) {
  0 > fr || (e.current = Ha[fr], Ha[fr] = null, fr--);
}
function ue(e, t) {
  fr++, Ha[fr] = e.current, e.current = t;
}
var _n = {}, je = kn(_n), Be = kn(!1), Bn = _n;
function Pr(e, t) {
  var n = e.type.contextTypes;
  if (!n) return _n;
  var r = e.stateNode;
  if (r && r.__reactInternalMemoizedUnmaskedChildContext === t) return r.__reactInternalMemoizedMaskedChildContext;
  var i = {}, o;
  for (o in n) i[o] = t[o];
  return r && (e = e.stateNode, e.__reactInternalMemoizedUnmaskedChildContext = t, e.__reactInternalMemoizedMaskedChildContext = i), i;
}
function We(e) {
  return e = e.childContextTypes, e != null;
}
function as() {
  fe(Be), fe(je);
}
function Of(e, t, n) {
  if (je.current !== _n) throw Error(V(168));
  ue(je, t), ue(Be, n);
}
function eg(e, t, n) {
  var r = e.stateNode;
  if (t = t.childContextTypes, typeof r.getChildContext != "function") return n;
  r = r.getChildContext();
  for (var i in r) if (!(i in t)) throw Error(V(108, pw(e) || "Unknown", i));
  return me({}, n, r);
}
function us(e) {
  return e = (e = e.stateNode) && e.__reactInternalMemoizedMergedChildContext || _n, Bn = je.current, ue(je, e), ue(Be, Be.current), !0;
}
function jf(e, t, n) {
  var r = e.stateNode;
  if (!r) throw Error(V(169));
  n ? (e = eg(e, t, Bn), r.__reactInternalMemoizedMergedChildContext = e, fe(Be), fe(je), ue(je, e)) : fe(Be), ue(Be, n);
}
var Ht = null, Us = !1, Fl = !1;
function tg(e) {
  Ht === null ? Ht = [e] : Ht.push(e);
}
function T1(e) {
  Us = !0, tg(e);
}
function Nn() {
  if (!Fl && Ht !== null) {
    Fl = !0;
    var e = 0, t = le;
    try {
      var n = Ht;
      for (le = 1; e < n.length; e++) {
        var r = n[e];
        do
          r = r(!0);
        while (r !== null);
      }
      Ht = null, Us = !1;
    } catch (i) {
      throw Ht !== null && (Ht = Ht.slice(e + 1)), Cp(Ru, Nn), i;
    } finally {
      le = t, Fl = !1;
    }
  }
  return null;
}
var dr = [], hr = 0, cs = null, fs = 0, nt = [], rt = 0, Wn = null, Bt = 1, Wt = "";
function Tn(e, t) {
  dr[hr++] = fs, dr[hr++] = cs, cs = e, fs = t;
}
function ng(e, t, n) {
  nt[rt++] = Bt, nt[rt++] = Wt, nt[rt++] = Wn, Wn = e;
  var r = Bt;
  e = Wt;
  var i = 32 - vt(r) - 1;
  r &= ~(1 << i), n += 1;
  var o = 32 - vt(t) + i;
  if (30 < o) {
    var s = i - i % 5;
    o = (r & (1 << s) - 1).toString(32), r >>= s, i -= s, Bt = 1 << 32 - vt(t) + i | n << i | r, Wt = o + e;
  } else Bt = 1 << o | n << i | r, Wt = e;
}
function Yu(e) {
  e.return !== null && (Tn(e, 1), ng(e, 1, 0));
}
function Xu(e) {
  for (; e === cs; ) cs = dr[--hr], dr[hr] = null, fs = dr[--hr], dr[hr] = null;
  for (; e === Wn; ) Wn = nt[--rt], nt[rt] = null, Wt = nt[--rt], nt[rt] = null, Bt = nt[--rt], nt[rt] = null;
}
var Qe = null, Ge = null, he = !1, pt = null;
function rg(e, t) {
  var n = it(5, null, null, 0);
  n.elementType = "DELETED", n.stateNode = t, n.return = e, t = e.deletions, t === null ? (e.deletions = [n], e.flags |= 16) : t.push(n);
}
function Rf(e, t) {
  switch (e.tag) {
    case 5:
      var n = e.type;
      return t = t.nodeType !== 1 || n.toLowerCase() !== t.nodeName.toLowerCase() ? null : t, t !== null ? (e.stateNode = t, Qe = e, Ge = gn(t.firstChild), !0) : !1;
    case 6:
      return t = e.pendingProps === "" || t.nodeType !== 3 ? null : t, t !== null ? (e.stateNode = t, Qe = e, Ge = null, !0) : !1;
    case 13:
      return t = t.nodeType !== 8 ? null : t, t !== null ? (n = Wn !== null ? { id: Bt, overflow: Wt } : null, e.memoizedState = { dehydrated: t, treeContext: n, retryLane: 1073741824 }, n = it(18, null, null, 0), n.stateNode = t, n.return = e, e.child = n, Qe = e, Ge = null, !0) : !1;
    default:
      return !1;
  }
}
function Va(e) {
  return (e.mode & 1) !== 0 && (e.flags & 128) === 0;
}
function Ba(e) {
  if (he) {
    var t = Ge;
    if (t) {
      var n = t;
      if (!Rf(e, t)) {
        if (Va(e)) throw Error(V(418));
        t = gn(n.nextSibling);
        var r = Qe;
        t && Rf(e, t) ? rg(r, n) : (e.flags = e.flags & -4097 | 2, he = !1, Qe = e);
      }
    } else {
      if (Va(e)) throw Error(V(418));
      e.flags = e.flags & -4097 | 2, he = !1, Qe = e;
    }
  }
}
function Df(e) {
  for (e = e.return; e !== null && e.tag !== 5 && e.tag !== 3 && e.tag !== 13; ) e = e.return;
  Qe = e;
}
function xo(e) {
  if (e !== Qe) return !1;
  if (!he) return Df(e), he = !0, !1;
  var t;
  if ((t = e.tag !== 3) && !(t = e.tag !== 5) && (t = e.type, t = t !== "head" && t !== "body" && !Da(e.type, e.memoizedProps)), t && (t = Ge)) {
    if (Va(e)) throw ig(), Error(V(418));
    for (; t; ) rg(e, t), t = gn(t.nextSibling);
  }
  if (Df(e), e.tag === 13) {
    if (e = e.memoizedState, e = e !== null ? e.dehydrated : null, !e) throw Error(V(317));
    e: {
      for (e = e.nextSibling, t = 0; e; ) {
        if (e.nodeType === 8) {
          var n = e.data;
          if (n === "/$") {
            if (t === 0) {
              Ge = gn(e.nextSibling);
              break e;
            }
            t--;
          } else n !== "$" && n !== "$!" && n !== "$?" || t++;
        }
        e = e.nextSibling;
      }
      Ge = null;
    }
  } else Ge = Qe ? gn(e.stateNode.nextSibling) : null;
  return !0;
}
function ig() {
  for (var e = Ge; e; ) e = gn(e.nextSibling);
}
function $r() {
  Ge = Qe = null, he = !1;
}
function Gu(e) {
  pt === null ? pt = [e] : pt.push(e);
}
var b1 = Jt.ReactCurrentBatchConfig;
function ti(e, t, n) {
  if (e = n.ref, e !== null && typeof e != "function" && typeof e != "object") {
    if (n._owner) {
      if (n = n._owner, n) {
        if (n.tag !== 1) throw Error(V(309));
        var r = n.stateNode;
      }
      if (!r) throw Error(V(147, e));
      var i = r, o = "" + e;
      return t !== null && t.ref !== null && typeof t.ref == "function" && t.ref._stringRef === o ? t.ref : (t = function(s) {
        var l = i.refs;
        s === null ? delete l[o] : l[o] = s;
      }, t._stringRef = o, t);
    }
    if (typeof e != "string") throw Error(V(284));
    if (!n._owner) throw Error(V(290, e));
  }
  return e;
}
function Eo(e, t) {
  throw e = Object.prototype.toString.call(t), Error(V(31, e === "[object Object]" ? "object with keys {" + Object.keys(t).join(", ") + "}" : e));
}
function Af(e) {
  var t = e._init;
  return t(e._payload);
}
function og(e) {
  function t(g, y) {
    if (e) {
      var m = g.deletions;
      m === null ? (g.deletions = [y], g.flags |= 16) : m.push(y);
    }
  }
  function n(g, y) {
    if (!e) return null;
    for (; y !== null; ) t(g, y), y = y.sibling;
    return null;
  }
  function r(g, y) {
    for (g = /* @__PURE__ */ new Map(); y !== null; ) y.key !== null ? g.set(y.key, y) : g.set(y.index, y), y = y.sibling;
    return g;
  }
  function i(g, y) {
    return g = wn(g, y), g.index = 0, g.sibling = null, g;
  }
  function o(g, y, m) {
    return g.index = m, e ? (m = g.alternate, m !== null ? (m = m.index, m < y ? (g.flags |= 2, y) : m) : (g.flags |= 2, y)) : (g.flags |= 1048576, y);
  }
  function s(g) {
    return e && g.alternate === null && (g.flags |= 2), g;
  }
  function l(g, y, m, w) {
    return y === null || y.tag !== 6 ? (y = Xl(m, g.mode, w), y.return = g, y) : (y = i(y, m), y.return = g, y);
  }
  function a(g, y, m, w) {
    var S = m.type;
    return S === sr ? c(g, y, m.props.children, w, m.key) : y !== null && (y.elementType === S || typeof S == "object" && S !== null && S.$$typeof === rn && Af(S) === y.type) ? (w = i(y, m.props), w.ref = ti(g, y, m), w.return = g, w) : (w = Xo(m.type, m.key, m.props, null, g.mode, w), w.ref = ti(g, y, m), w.return = g, w);
  }
  function u(g, y, m, w) {
    return y === null || y.tag !== 4 || y.stateNode.containerInfo !== m.containerInfo || y.stateNode.implementation !== m.implementation ? (y = Gl(m, g.mode, w), y.return = g, y) : (y = i(y, m.children || []), y.return = g, y);
  }
  function c(g, y, m, w, S) {
    return y === null || y.tag !== 7 ? (y = An(m, g.mode, w, S), y.return = g, y) : (y = i(y, m), y.return = g, y);
  }
  function d(g, y, m) {
    if (typeof y == "string" && y !== "" || typeof y == "number") return y = Xl("" + y, g.mode, m), y.return = g, y;
    if (typeof y == "object" && y !== null) {
      switch (y.$$typeof) {
        case uo:
          return m = Xo(y.type, y.key, y.props, null, g.mode, m), m.ref = ti(g, null, y), m.return = g, m;
        case or:
          return y = Gl(y, g.mode, m), y.return = g, y;
        case rn:
          var w = y._init;
          return d(g, w(y._payload), m);
      }
      if (li(y) || Kr(y)) return y = An(y, g.mode, m, null), y.return = g, y;
      Eo(g, y);
    }
    return null;
  }
  function f(g, y, m, w) {
    var S = y !== null ? y.key : null;
    if (typeof m == "string" && m !== "" || typeof m == "number") return S !== null ? null : l(g, y, "" + m, w);
    if (typeof m == "object" && m !== null) {
      switch (m.$$typeof) {
        case uo:
          return m.key === S ? a(g, y, m, w) : null;
        case or:
          return m.key === S ? u(g, y, m, w) : null;
        case rn:
          return S = m._init, f(
            g,
            y,
            S(m._payload),
            w
          );
      }
      if (li(m) || Kr(m)) return S !== null ? null : c(g, y, m, w, null);
      Eo(g, m);
    }
    return null;
  }
  function p(g, y, m, w, S) {
    if (typeof w == "string" && w !== "" || typeof w == "number") return g = g.get(m) || null, l(y, g, "" + w, S);
    if (typeof w == "object" && w !== null) {
      switch (w.$$typeof) {
        case uo:
          return g = g.get(w.key === null ? m : w.key) || null, a(y, g, w, S);
        case or:
          return g = g.get(w.key === null ? m : w.key) || null, u(y, g, w, S);
        case rn:
          var k = w._init;
          return p(g, y, m, k(w._payload), S);
      }
      if (li(w) || Kr(w)) return g = g.get(m) || null, c(y, g, w, S, null);
      Eo(y, w);
    }
    return null;
  }
  function h(g, y, m, w) {
    for (var S = null, k = null, N = y, P = y = 0, L = null; N !== null && P < m.length; P++) {
      N.index > P ? (L = N, N = null) : L = N.sibling;
      var R = f(g, N, m[P], w);
      if (R === null) {
        N === null && (N = L);
        break;
      }
      e && N && R.alternate === null && t(g, N), y = o(R, y, P), k === null ? S = R : k.sibling = R, k = R, N = L;
    }
    if (P === m.length) return n(g, N), he && Tn(g, P), S;
    if (N === null) {
      for (; P < m.length; P++) N = d(g, m[P], w), N !== null && (y = o(N, y, P), k === null ? S = N : k.sibling = N, k = N);
      return he && Tn(g, P), S;
    }
    for (N = r(g, N); P < m.length; P++) L = p(N, g, P, m[P], w), L !== null && (e && L.alternate !== null && N.delete(L.key === null ? P : L.key), y = o(L, y, P), k === null ? S = L : k.sibling = L, k = L);
    return e && N.forEach(function(D) {
      return t(g, D);
    }), he && Tn(g, P), S;
  }
  function v(g, y, m, w) {
    var S = Kr(m);
    if (typeof S != "function") throw Error(V(150));
    if (m = S.call(m), m == null) throw Error(V(151));
    for (var k = S = null, N = y, P = y = 0, L = null, R = m.next(); N !== null && !R.done; P++, R = m.next()) {
      N.index > P ? (L = N, N = null) : L = N.sibling;
      var D = f(g, N, R.value, w);
      if (D === null) {
        N === null && (N = L);
        break;
      }
      e && N && D.alternate === null && t(g, N), y = o(D, y, P), k === null ? S = D : k.sibling = D, k = D, N = L;
    }
    if (R.done) return n(
      g,
      N
    ), he && Tn(g, P), S;
    if (N === null) {
      for (; !R.done; P++, R = m.next()) R = d(g, R.value, w), R !== null && (y = o(R, y, P), k === null ? S = R : k.sibling = R, k = R);
      return he && Tn(g, P), S;
    }
    for (N = r(g, N); !R.done; P++, R = m.next()) R = p(N, g, P, R.value, w), R !== null && (e && R.alternate !== null && N.delete(R.key === null ? P : R.key), y = o(R, y, P), k === null ? S = R : k.sibling = R, k = R);
    return e && N.forEach(function($) {
      return t(g, $);
    }), he && Tn(g, P), S;
  }
  function E(g, y, m, w) {
    if (typeof m == "object" && m !== null && m.type === sr && m.key === null && (m = m.props.children), typeof m == "object" && m !== null) {
      switch (m.$$typeof) {
        case uo:
          e: {
            for (var S = m.key, k = y; k !== null; ) {
              if (k.key === S) {
                if (S = m.type, S === sr) {
                  if (k.tag === 7) {
                    n(g, k.sibling), y = i(k, m.props.children), y.return = g, g = y;
                    break e;
                  }
                } else if (k.elementType === S || typeof S == "object" && S !== null && S.$$typeof === rn && Af(S) === k.type) {
                  n(g, k.sibling), y = i(k, m.props), y.ref = ti(g, k, m), y.return = g, g = y;
                  break e;
                }
                n(g, k);
                break;
              } else t(g, k);
              k = k.sibling;
            }
            m.type === sr ? (y = An(m.props.children, g.mode, w, m.key), y.return = g, g = y) : (w = Xo(m.type, m.key, m.props, null, g.mode, w), w.ref = ti(g, y, m), w.return = g, g = w);
          }
          return s(g);
        case or:
          e: {
            for (k = m.key; y !== null; ) {
              if (y.key === k) if (y.tag === 4 && y.stateNode.containerInfo === m.containerInfo && y.stateNode.implementation === m.implementation) {
                n(g, y.sibling), y = i(y, m.children || []), y.return = g, g = y;
                break e;
              } else {
                n(g, y);
                break;
              }
              else t(g, y);
              y = y.sibling;
            }
            y = Gl(m, g.mode, w), y.return = g, g = y;
          }
          return s(g);
        case rn:
          return k = m._init, E(g, y, k(m._payload), w);
      }
      if (li(m)) return h(g, y, m, w);
      if (Kr(m)) return v(g, y, m, w);
      Eo(g, m);
    }
    return typeof m == "string" && m !== "" || typeof m == "number" ? (m = "" + m, y !== null && y.tag === 6 ? (n(g, y.sibling), y = i(y, m), y.return = g, g = y) : (n(g, y), y = Xl(m, g.mode, w), y.return = g, g = y), s(g)) : n(g, y);
  }
  return E;
}
var Tr = og(!0), sg = og(!1), ds = kn(null), hs = null, pr = null, Qu = null;
function Ku() {
  Qu = pr = hs = null;
}
function Zu(e) {
  var t = ds.current;
  fe(ds), e._currentValue = t;
}
function Wa(e, t, n) {
  for (; e !== null; ) {
    var r = e.alternate;
    if ((e.childLanes & t) !== t ? (e.childLanes |= t, r !== null && (r.childLanes |= t)) : r !== null && (r.childLanes & t) !== t && (r.childLanes |= t), e === n) break;
    e = e.return;
  }
}
function _r(e, t) {
  hs = e, Qu = pr = null, e = e.dependencies, e !== null && e.firstContext !== null && (e.lanes & t && (Ve = !0), e.firstContext = null);
}
function st(e) {
  var t = e._currentValue;
  if (Qu !== e) if (e = { context: e, memoizedValue: t, next: null }, pr === null) {
    if (hs === null) throw Error(V(308));
    pr = e, hs.dependencies = { lanes: 0, firstContext: e };
  } else pr = pr.next = e;
  return t;
}
var On = null;
function qu(e) {
  On === null ? On = [e] : On.push(e);
}
function lg(e, t, n, r) {
  var i = t.interleaved;
  return i === null ? (n.next = n, qu(t)) : (n.next = i.next, i.next = n), t.interleaved = n, Kt(e, r);
}
function Kt(e, t) {
  e.lanes |= t;
  var n = e.alternate;
  for (n !== null && (n.lanes |= t), n = e, e = e.return; e !== null; ) e.childLanes |= t, n = e.alternate, n !== null && (n.childLanes |= t), n = e, e = e.return;
  return n.tag === 3 ? n.stateNode : null;
}
var on = !1;
function Ju(e) {
  e.updateQueue = { baseState: e.memoizedState, firstBaseUpdate: null, lastBaseUpdate: null, shared: { pending: null, interleaved: null, lanes: 0 }, effects: null };
}
function ag(e, t) {
  e = e.updateQueue, t.updateQueue === e && (t.updateQueue = { baseState: e.baseState, firstBaseUpdate: e.firstBaseUpdate, lastBaseUpdate: e.lastBaseUpdate, shared: e.shared, effects: e.effects });
}
function Xt(e, t) {
  return { eventTime: e, lane: t, tag: 0, payload: null, callback: null, next: null };
}
function mn(e, t, n) {
  var r = e.updateQueue;
  if (r === null) return null;
  if (r = r.shared, oe & 2) {
    var i = r.pending;
    return i === null ? t.next = t : (t.next = i.next, i.next = t), r.pending = t, Kt(e, n);
  }
  return i = r.interleaved, i === null ? (t.next = t, qu(r)) : (t.next = i.next, i.next = t), r.interleaved = t, Kt(e, n);
}
function Ho(e, t, n) {
  if (t = t.updateQueue, t !== null && (t = t.shared, (n & 4194240) !== 0)) {
    var r = t.lanes;
    r &= e.pendingLanes, n |= r, t.lanes = n, Du(e, n);
  }
}
function Ff(e, t) {
  var n = e.updateQueue, r = e.alternate;
  if (r !== null && (r = r.updateQueue, n === r)) {
    var i = null, o = null;
    if (n = n.firstBaseUpdate, n !== null) {
      do {
        var s = { eventTime: n.eventTime, lane: n.lane, tag: n.tag, payload: n.payload, callback: n.callback, next: null };
        o === null ? i = o = s : o = o.next = s, n = n.next;
      } while (n !== null);
      o === null ? i = o = t : o = o.next = t;
    } else i = o = t;
    n = { baseState: r.baseState, firstBaseUpdate: i, lastBaseUpdate: o, shared: r.shared, effects: r.effects }, e.updateQueue = n;
    return;
  }
  e = n.lastBaseUpdate, e === null ? n.firstBaseUpdate = t : e.next = t, n.lastBaseUpdate = t;
}
function ps(e, t, n, r) {
  var i = e.updateQueue;
  on = !1;
  var o = i.firstBaseUpdate, s = i.lastBaseUpdate, l = i.shared.pending;
  if (l !== null) {
    i.shared.pending = null;
    var a = l, u = a.next;
    a.next = null, s === null ? o = u : s.next = u, s = a;
    var c = e.alternate;
    c !== null && (c = c.updateQueue, l = c.lastBaseUpdate, l !== s && (l === null ? c.firstBaseUpdate = u : l.next = u, c.lastBaseUpdate = a));
  }
  if (o !== null) {
    var d = i.baseState;
    s = 0, c = u = a = null, l = o;
    do {
      var f = l.lane, p = l.eventTime;
      if ((r & f) === f) {
        c !== null && (c = c.next = {
          eventTime: p,
          lane: 0,
          tag: l.tag,
          payload: l.payload,
          callback: l.callback,
          next: null
        });
        e: {
          var h = e, v = l;
          switch (f = t, p = n, v.tag) {
            case 1:
              if (h = v.payload, typeof h == "function") {
                d = h.call(p, d, f);
                break e;
              }
              d = h;
              break e;
            case 3:
              h.flags = h.flags & -65537 | 128;
            case 0:
              if (h = v.payload, f = typeof h == "function" ? h.call(p, d, f) : h, f == null) break e;
              d = me({}, d, f);
              break e;
            case 2:
              on = !0;
          }
        }
        l.callback !== null && l.lane !== 0 && (e.flags |= 64, f = i.effects, f === null ? i.effects = [l] : f.push(l));
      } else p = { eventTime: p, lane: f, tag: l.tag, payload: l.payload, callback: l.callback, next: null }, c === null ? (u = c = p, a = d) : c = c.next = p, s |= f;
      if (l = l.next, l === null) {
        if (l = i.shared.pending, l === null) break;
        f = l, l = f.next, f.next = null, i.lastBaseUpdate = f, i.shared.pending = null;
      }
    } while (!0);
    if (c === null && (a = d), i.baseState = a, i.firstBaseUpdate = u, i.lastBaseUpdate = c, t = i.shared.interleaved, t !== null) {
      i = t;
      do
        s |= i.lane, i = i.next;
      while (i !== t);
    } else o === null && (i.shared.lanes = 0);
    Yn |= s, e.lanes = s, e.memoizedState = d;
  }
}
function Hf(e, t, n) {
  if (e = t.effects, t.effects = null, e !== null) for (t = 0; t < e.length; t++) {
    var r = e[t], i = r.callback;
    if (i !== null) {
      if (r.callback = null, r = n, typeof i != "function") throw Error(V(191, i));
      i.call(r);
    }
  }
}
var eo = {}, bt = kn(eo), Oi = kn(eo), ji = kn(eo);
function jn(e) {
  if (e === eo) throw Error(V(174));
  return e;
}
function ec(e, t) {
  switch (ue(ji, t), ue(Oi, e), ue(bt, eo), e = t.nodeType, e) {
    case 9:
    case 11:
      t = (t = t.documentElement) ? t.namespaceURI : ka(null, "");
      break;
    default:
      e = e === 8 ? t.parentNode : t, t = e.namespaceURI || null, e = e.tagName, t = ka(t, e);
  }
  fe(bt), ue(bt, t);
}
function br() {
  fe(bt), fe(Oi), fe(ji);
}
function ug(e) {
  jn(ji.current);
  var t = jn(bt.current), n = ka(t, e.type);
  t !== n && (ue(Oi, e), ue(bt, n));
}
function tc(e) {
  Oi.current === e && (fe(bt), fe(Oi));
}
var pe = kn(0);
function gs(e) {
  for (var t = e; t !== null; ) {
    if (t.tag === 13) {
      var n = t.memoizedState;
      if (n !== null && (n = n.dehydrated, n === null || n.data === "$?" || n.data === "$!")) return t;
    } else if (t.tag === 19 && t.memoizedProps.revealOrder !== void 0) {
      if (t.flags & 128) return t;
    } else if (t.child !== null) {
      t.child.return = t, t = t.child;
      continue;
    }
    if (t === e) break;
    for (; t.sibling === null; ) {
      if (t.return === null || t.return === e) return null;
      t = t.return;
    }
    t.sibling.return = t.return, t = t.sibling;
  }
  return null;
}
var Hl = [];
function nc() {
  for (var e = 0; e < Hl.length; e++) Hl[e]._workInProgressVersionPrimary = null;
  Hl.length = 0;
}
var Vo = Jt.ReactCurrentDispatcher, Vl = Jt.ReactCurrentBatchConfig, Un = 0, ge = null, ke = null, Ce = null, ms = !1, vi = !1, Ri = 0, L1 = 0;
function Le() {
  throw Error(V(321));
}
function rc(e, t) {
  if (t === null) return !1;
  for (var n = 0; n < t.length && n < e.length; n++) if (!xt(e[n], t[n])) return !1;
  return !0;
}
function ic(e, t, n, r, i, o) {
  if (Un = o, ge = t, t.memoizedState = null, t.updateQueue = null, t.lanes = 0, Vo.current = e === null || e.memoizedState === null ? R1 : D1, e = n(r, i), vi) {
    o = 0;
    do {
      if (vi = !1, Ri = 0, 25 <= o) throw Error(V(301));
      o += 1, Ce = ke = null, t.updateQueue = null, Vo.current = A1, e = n(r, i);
    } while (vi);
  }
  if (Vo.current = ys, t = ke !== null && ke.next !== null, Un = 0, Ce = ke = ge = null, ms = !1, t) throw Error(V(300));
  return e;
}
function oc() {
  var e = Ri !== 0;
  return Ri = 0, e;
}
function It() {
  var e = { memoizedState: null, baseState: null, baseQueue: null, queue: null, next: null };
  return Ce === null ? ge.memoizedState = Ce = e : Ce = Ce.next = e, Ce;
}
function lt() {
  if (ke === null) {
    var e = ge.alternate;
    e = e !== null ? e.memoizedState : null;
  } else e = ke.next;
  var t = Ce === null ? ge.memoizedState : Ce.next;
  if (t !== null) Ce = t, ke = e;
  else {
    if (e === null) throw Error(V(310));
    ke = e, e = { memoizedState: ke.memoizedState, baseState: ke.baseState, baseQueue: ke.baseQueue, queue: ke.queue, next: null }, Ce === null ? ge.memoizedState = Ce = e : Ce = Ce.next = e;
  }
  return Ce;
}
function Di(e, t) {
  return typeof t == "function" ? t(e) : t;
}
function Bl(e) {
  var t = lt(), n = t.queue;
  if (n === null) throw Error(V(311));
  n.lastRenderedReducer = e;
  var r = ke, i = r.baseQueue, o = n.pending;
  if (o !== null) {
    if (i !== null) {
      var s = i.next;
      i.next = o.next, o.next = s;
    }
    r.baseQueue = i = o, n.pending = null;
  }
  if (i !== null) {
    o = i.next, r = r.baseState;
    var l = s = null, a = null, u = o;
    do {
      var c = u.lane;
      if ((Un & c) === c) a !== null && (a = a.next = { lane: 0, action: u.action, hasEagerState: u.hasEagerState, eagerState: u.eagerState, next: null }), r = u.hasEagerState ? u.eagerState : e(r, u.action);
      else {
        var d = {
          lane: c,
          action: u.action,
          hasEagerState: u.hasEagerState,
          eagerState: u.eagerState,
          next: null
        };
        a === null ? (l = a = d, s = r) : a = a.next = d, ge.lanes |= c, Yn |= c;
      }
      u = u.next;
    } while (u !== null && u !== o);
    a === null ? s = r : a.next = l, xt(r, t.memoizedState) || (Ve = !0), t.memoizedState = r, t.baseState = s, t.baseQueue = a, n.lastRenderedState = r;
  }
  if (e = n.interleaved, e !== null) {
    i = e;
    do
      o = i.lane, ge.lanes |= o, Yn |= o, i = i.next;
    while (i !== e);
  } else i === null && (n.lanes = 0);
  return [t.memoizedState, n.dispatch];
}
function Wl(e) {
  var t = lt(), n = t.queue;
  if (n === null) throw Error(V(311));
  n.lastRenderedReducer = e;
  var r = n.dispatch, i = n.pending, o = t.memoizedState;
  if (i !== null) {
    n.pending = null;
    var s = i = i.next;
    do
      o = e(o, s.action), s = s.next;
    while (s !== i);
    xt(o, t.memoizedState) || (Ve = !0), t.memoizedState = o, t.baseQueue === null && (t.baseState = o), n.lastRenderedState = o;
  }
  return [o, r];
}
function cg() {
}
function fg(e, t) {
  var n = ge, r = lt(), i = t(), o = !xt(r.memoizedState, i);
  if (o && (r.memoizedState = i, Ve = !0), r = r.queue, sc(pg.bind(null, n, r, e), [e]), r.getSnapshot !== t || o || Ce !== null && Ce.memoizedState.tag & 1) {
    if (n.flags |= 2048, Ai(9, hg.bind(null, n, r, i, t), void 0, null), Ie === null) throw Error(V(349));
    Un & 30 || dg(n, t, i);
  }
  return i;
}
function dg(e, t, n) {
  e.flags |= 16384, e = { getSnapshot: t, value: n }, t = ge.updateQueue, t === null ? (t = { lastEffect: null, stores: null }, ge.updateQueue = t, t.stores = [e]) : (n = t.stores, n === null ? t.stores = [e] : n.push(e));
}
function hg(e, t, n, r) {
  t.value = n, t.getSnapshot = r, gg(t) && mg(e);
}
function pg(e, t, n) {
  return n(function() {
    gg(t) && mg(e);
  });
}
function gg(e) {
  var t = e.getSnapshot;
  e = e.value;
  try {
    var n = t();
    return !xt(e, n);
  } catch {
    return !0;
  }
}
function mg(e) {
  var t = Kt(e, 1);
  t !== null && wt(t, e, 1, -1);
}
function Vf(e) {
  var t = It();
  return typeof e == "function" && (e = e()), t.memoizedState = t.baseState = e, e = { pending: null, interleaved: null, lanes: 0, dispatch: null, lastRenderedReducer: Di, lastRenderedState: e }, t.queue = e, e = e.dispatch = j1.bind(null, ge, e), [t.memoizedState, e];
}
function Ai(e, t, n, r) {
  return e = { tag: e, create: t, destroy: n, deps: r, next: null }, t = ge.updateQueue, t === null ? (t = { lastEffect: null, stores: null }, ge.updateQueue = t, t.lastEffect = e.next = e) : (n = t.lastEffect, n === null ? t.lastEffect = e.next = e : (r = n.next, n.next = e, e.next = r, t.lastEffect = e)), e;
}
function yg() {
  return lt().memoizedState;
}
function Bo(e, t, n, r) {
  var i = It();
  ge.flags |= e, i.memoizedState = Ai(1 | t, n, void 0, r === void 0 ? null : r);
}
function Ys(e, t, n, r) {
  var i = lt();
  r = r === void 0 ? null : r;
  var o = void 0;
  if (ke !== null) {
    var s = ke.memoizedState;
    if (o = s.destroy, r !== null && rc(r, s.deps)) {
      i.memoizedState = Ai(t, n, o, r);
      return;
    }
  }
  ge.flags |= e, i.memoizedState = Ai(1 | t, n, o, r);
}
function Bf(e, t) {
  return Bo(8390656, 8, e, t);
}
function sc(e, t) {
  return Ys(2048, 8, e, t);
}
function vg(e, t) {
  return Ys(4, 2, e, t);
}
function wg(e, t) {
  return Ys(4, 4, e, t);
}
function xg(e, t) {
  if (typeof t == "function") return e = e(), t(e), function() {
    t(null);
  };
  if (t != null) return e = e(), t.current = e, function() {
    t.current = null;
  };
}
function Eg(e, t, n) {
  return n = n != null ? n.concat([e]) : null, Ys(4, 4, xg.bind(null, t, e), n);
}
function lc() {
}
function _g(e, t) {
  var n = lt();
  t = t === void 0 ? null : t;
  var r = n.memoizedState;
  return r !== null && t !== null && rc(t, r[1]) ? r[0] : (n.memoizedState = [e, t], e);
}
function Sg(e, t) {
  var n = lt();
  t = t === void 0 ? null : t;
  var r = n.memoizedState;
  return r !== null && t !== null && rc(t, r[1]) ? r[0] : (e = e(), n.memoizedState = [e, t], e);
}
function kg(e, t, n) {
  return Un & 21 ? (xt(n, t) || (n = Pp(), ge.lanes |= n, Yn |= n, e.baseState = !0), t) : (e.baseState && (e.baseState = !1, Ve = !0), e.memoizedState = n);
}
function z1(e, t) {
  var n = le;
  le = n !== 0 && 4 > n ? n : 4, e(!0);
  var r = Vl.transition;
  Vl.transition = {};
  try {
    e(!1), t();
  } finally {
    le = n, Vl.transition = r;
  }
}
function Ng() {
  return lt().memoizedState;
}
function O1(e, t, n) {
  var r = vn(e);
  if (n = { lane: r, action: n, hasEagerState: !1, eagerState: null, next: null }, Cg(e)) Mg(t, n);
  else if (n = lg(e, t, n, r), n !== null) {
    var i = De();
    wt(n, e, r, i), Ig(n, t, r);
  }
}
function j1(e, t, n) {
  var r = vn(e), i = { lane: r, action: n, hasEagerState: !1, eagerState: null, next: null };
  if (Cg(e)) Mg(t, i);
  else {
    var o = e.alternate;
    if (e.lanes === 0 && (o === null || o.lanes === 0) && (o = t.lastRenderedReducer, o !== null)) try {
      var s = t.lastRenderedState, l = o(s, n);
      if (i.hasEagerState = !0, i.eagerState = l, xt(l, s)) {
        var a = t.interleaved;
        a === null ? (i.next = i, qu(t)) : (i.next = a.next, a.next = i), t.interleaved = i;
        return;
      }
    } catch {
    } finally {
    }
    n = lg(e, t, i, r), n !== null && (i = De(), wt(n, e, r, i), Ig(n, t, r));
  }
}
function Cg(e) {
  var t = e.alternate;
  return e === ge || t !== null && t === ge;
}
function Mg(e, t) {
  vi = ms = !0;
  var n = e.pending;
  n === null ? t.next = t : (t.next = n.next, n.next = t), e.pending = t;
}
function Ig(e, t, n) {
  if (n & 4194240) {
    var r = t.lanes;
    r &= e.pendingLanes, n |= r, t.lanes = n, Du(e, n);
  }
}
var ys = { readContext: st, useCallback: Le, useContext: Le, useEffect: Le, useImperativeHandle: Le, useInsertionEffect: Le, useLayoutEffect: Le, useMemo: Le, useReducer: Le, useRef: Le, useState: Le, useDebugValue: Le, useDeferredValue: Le, useTransition: Le, useMutableSource: Le, useSyncExternalStore: Le, useId: Le, unstable_isNewReconciler: !1 }, R1 = { readContext: st, useCallback: function(e, t) {
  return It().memoizedState = [e, t === void 0 ? null : t], e;
}, useContext: st, useEffect: Bf, useImperativeHandle: function(e, t, n) {
  return n = n != null ? n.concat([e]) : null, Bo(
    4194308,
    4,
    xg.bind(null, t, e),
    n
  );
}, useLayoutEffect: function(e, t) {
  return Bo(4194308, 4, e, t);
}, useInsertionEffect: function(e, t) {
  return Bo(4, 2, e, t);
}, useMemo: function(e, t) {
  var n = It();
  return t = t === void 0 ? null : t, e = e(), n.memoizedState = [e, t], e;
}, useReducer: function(e, t, n) {
  var r = It();
  return t = n !== void 0 ? n(t) : t, r.memoizedState = r.baseState = t, e = { pending: null, interleaved: null, lanes: 0, dispatch: null, lastRenderedReducer: e, lastRenderedState: t }, r.queue = e, e = e.dispatch = O1.bind(null, ge, e), [r.memoizedState, e];
}, useRef: function(e) {
  var t = It();
  return e = { current: e }, t.memoizedState = e;
}, useState: Vf, useDebugValue: lc, useDeferredValue: function(e) {
  return It().memoizedState = e;
}, useTransition: function() {
  var e = Vf(!1), t = e[0];
  return e = z1.bind(null, e[1]), It().memoizedState = e, [t, e];
}, useMutableSource: function() {
}, useSyncExternalStore: function(e, t, n) {
  var r = ge, i = It();
  if (he) {
    if (n === void 0) throw Error(V(407));
    n = n();
  } else {
    if (n = t(), Ie === null) throw Error(V(349));
    Un & 30 || dg(r, t, n);
  }
  i.memoizedState = n;
  var o = { value: n, getSnapshot: t };
  return i.queue = o, Bf(pg.bind(
    null,
    r,
    o,
    e
  ), [e]), r.flags |= 2048, Ai(9, hg.bind(null, r, o, n, t), void 0, null), n;
}, useId: function() {
  var e = It(), t = Ie.identifierPrefix;
  if (he) {
    var n = Wt, r = Bt;
    n = (r & ~(1 << 32 - vt(r) - 1)).toString(32) + n, t = ":" + t + "R" + n, n = Ri++, 0 < n && (t += "H" + n.toString(32)), t += ":";
  } else n = L1++, t = ":" + t + "r" + n.toString(32) + ":";
  return e.memoizedState = t;
}, unstable_isNewReconciler: !1 }, D1 = {
  readContext: st,
  useCallback: _g,
  useContext: st,
  useEffect: sc,
  useImperativeHandle: Eg,
  useInsertionEffect: vg,
  useLayoutEffect: wg,
  useMemo: Sg,
  useReducer: Bl,
  useRef: yg,
  useState: function() {
    return Bl(Di);
  },
  useDebugValue: lc,
  useDeferredValue: function(e) {
    var t = lt();
    return kg(t, ke.memoizedState, e);
  },
  useTransition: function() {
    var e = Bl(Di)[0], t = lt().memoizedState;
    return [e, t];
  },
  useMutableSource: cg,
  useSyncExternalStore: fg,
  useId: Ng,
  unstable_isNewReconciler: !1
}, A1 = { readContext: st, useCallback: _g, useContext: st, useEffect: sc, useImperativeHandle: Eg, useInsertionEffect: vg, useLayoutEffect: wg, useMemo: Sg, useReducer: Wl, useRef: yg, useState: function() {
  return Wl(Di);
}, useDebugValue: lc, useDeferredValue: function(e) {
  var t = lt();
  return ke === null ? t.memoizedState = e : kg(t, ke.memoizedState, e);
}, useTransition: function() {
  var e = Wl(Di)[0], t = lt().memoizedState;
  return [e, t];
}, useMutableSource: cg, useSyncExternalStore: fg, useId: Ng, unstable_isNewReconciler: !1 };
function ft(e, t) {
  if (e && e.defaultProps) {
    t = me({}, t), e = e.defaultProps;
    for (var n in e) t[n] === void 0 && (t[n] = e[n]);
    return t;
  }
  return t;
}
function Ua(e, t, n, r) {
  t = e.memoizedState, n = n(r, t), n = n == null ? t : me({}, t, n), e.memoizedState = n, e.lanes === 0 && (e.updateQueue.baseState = n);
}
var Xs = { isMounted: function(e) {
  return (e = e._reactInternals) ? tr(e) === e : !1;
}, enqueueSetState: function(e, t, n) {
  e = e._reactInternals;
  var r = De(), i = vn(e), o = Xt(r, i);
  o.payload = t, n != null && (o.callback = n), t = mn(e, o, i), t !== null && (wt(t, e, i, r), Ho(t, e, i));
}, enqueueReplaceState: function(e, t, n) {
  e = e._reactInternals;
  var r = De(), i = vn(e), o = Xt(r, i);
  o.tag = 1, o.payload = t, n != null && (o.callback = n), t = mn(e, o, i), t !== null && (wt(t, e, i, r), Ho(t, e, i));
}, enqueueForceUpdate: function(e, t) {
  e = e._reactInternals;
  var n = De(), r = vn(e), i = Xt(n, r);
  i.tag = 2, t != null && (i.callback = t), t = mn(e, i, r), t !== null && (wt(t, e, r, n), Ho(t, e, r));
} };
function Wf(e, t, n, r, i, o, s) {
  return e = e.stateNode, typeof e.shouldComponentUpdate == "function" ? e.shouldComponentUpdate(r, o, s) : t.prototype && t.prototype.isPureReactComponent ? !Ti(n, r) || !Ti(i, o) : !0;
}
function Pg(e, t, n) {
  var r = !1, i = _n, o = t.contextType;
  return typeof o == "object" && o !== null ? o = st(o) : (i = We(t) ? Bn : je.current, r = t.contextTypes, o = (r = r != null) ? Pr(e, i) : _n), t = new t(n, o), e.memoizedState = t.state !== null && t.state !== void 0 ? t.state : null, t.updater = Xs, e.stateNode = t, t._reactInternals = e, r && (e = e.stateNode, e.__reactInternalMemoizedUnmaskedChildContext = i, e.__reactInternalMemoizedMaskedChildContext = o), t;
}
function Uf(e, t, n, r) {
  e = t.state, typeof t.componentWillReceiveProps == "function" && t.componentWillReceiveProps(n, r), typeof t.UNSAFE_componentWillReceiveProps == "function" && t.UNSAFE_componentWillReceiveProps(n, r), t.state !== e && Xs.enqueueReplaceState(t, t.state, null);
}
function Ya(e, t, n, r) {
  var i = e.stateNode;
  i.props = n, i.state = e.memoizedState, i.refs = {}, Ju(e);
  var o = t.contextType;
  typeof o == "object" && o !== null ? i.context = st(o) : (o = We(t) ? Bn : je.current, i.context = Pr(e, o)), i.state = e.memoizedState, o = t.getDerivedStateFromProps, typeof o == "function" && (Ua(e, t, o, n), i.state = e.memoizedState), typeof t.getDerivedStateFromProps == "function" || typeof i.getSnapshotBeforeUpdate == "function" || typeof i.UNSAFE_componentWillMount != "function" && typeof i.componentWillMount != "function" || (t = i.state, typeof i.componentWillMount == "function" && i.componentWillMount(), typeof i.UNSAFE_componentWillMount == "function" && i.UNSAFE_componentWillMount(), t !== i.state && Xs.enqueueReplaceState(i, i.state, null), ps(e, n, i, r), i.state = e.memoizedState), typeof i.componentDidMount == "function" && (e.flags |= 4194308);
}
function Lr(e, t) {
  try {
    var n = "", r = t;
    do
      n += hw(r), r = r.return;
    while (r);
    var i = n;
  } catch (o) {
    i = `
Error generating stack: ` + o.message + `
` + o.stack;
  }
  return { value: e, source: t, stack: i, digest: null };
}
function Ul(e, t, n) {
  return { value: e, source: null, stack: n ?? null, digest: t ?? null };
}
function Xa(e, t) {
  try {
    console.error(t.value);
  } catch (n) {
    setTimeout(function() {
      throw n;
    });
  }
}
var F1 = typeof WeakMap == "function" ? WeakMap : Map;
function $g(e, t, n) {
  n = Xt(-1, n), n.tag = 3, n.payload = { element: null };
  var r = t.value;
  return n.callback = function() {
    ws || (ws = !0, ru = r), Xa(e, t);
  }, n;
}
function Tg(e, t, n) {
  n = Xt(-1, n), n.tag = 3;
  var r = e.type.getDerivedStateFromError;
  if (typeof r == "function") {
    var i = t.value;
    n.payload = function() {
      return r(i);
    }, n.callback = function() {
      Xa(e, t);
    };
  }
  var o = e.stateNode;
  return o !== null && typeof o.componentDidCatch == "function" && (n.callback = function() {
    Xa(e, t), typeof r != "function" && (yn === null ? yn = /* @__PURE__ */ new Set([this]) : yn.add(this));
    var s = t.stack;
    this.componentDidCatch(t.value, { componentStack: s !== null ? s : "" });
  }), n;
}
function Yf(e, t, n) {
  var r = e.pingCache;
  if (r === null) {
    r = e.pingCache = new F1();
    var i = /* @__PURE__ */ new Set();
    r.set(t, i);
  } else i = r.get(t), i === void 0 && (i = /* @__PURE__ */ new Set(), r.set(t, i));
  i.has(n) || (i.add(n), e = ex.bind(null, e, t, n), t.then(e, e));
}
function Xf(e) {
  do {
    var t;
    if ((t = e.tag === 13) && (t = e.memoizedState, t = t !== null ? t.dehydrated !== null : !0), t) return e;
    e = e.return;
  } while (e !== null);
  return null;
}
function Gf(e, t, n, r, i) {
  return e.mode & 1 ? (e.flags |= 65536, e.lanes = i, e) : (e === t ? e.flags |= 65536 : (e.flags |= 128, n.flags |= 131072, n.flags &= -52805, n.tag === 1 && (n.alternate === null ? n.tag = 17 : (t = Xt(-1, 1), t.tag = 2, mn(n, t, 1))), n.lanes |= 1), e);
}
var H1 = Jt.ReactCurrentOwner, Ve = !1;
function Re(e, t, n, r) {
  t.child = e === null ? sg(t, null, n, r) : Tr(t, e.child, n, r);
}
function Qf(e, t, n, r, i) {
  n = n.render;
  var o = t.ref;
  return _r(t, i), r = ic(e, t, n, r, o, i), n = oc(), e !== null && !Ve ? (t.updateQueue = e.updateQueue, t.flags &= -2053, e.lanes &= ~i, Zt(e, t, i)) : (he && n && Yu(t), t.flags |= 1, Re(e, t, r, i), t.child);
}
function Kf(e, t, n, r, i) {
  if (e === null) {
    var o = n.type;
    return typeof o == "function" && !gc(o) && o.defaultProps === void 0 && n.compare === null && n.defaultProps === void 0 ? (t.tag = 15, t.type = o, bg(e, t, o, r, i)) : (e = Xo(n.type, null, r, t, t.mode, i), e.ref = t.ref, e.return = t, t.child = e);
  }
  if (o = e.child, !(e.lanes & i)) {
    var s = o.memoizedProps;
    if (n = n.compare, n = n !== null ? n : Ti, n(s, r) && e.ref === t.ref) return Zt(e, t, i);
  }
  return t.flags |= 1, e = wn(o, r), e.ref = t.ref, e.return = t, t.child = e;
}
function bg(e, t, n, r, i) {
  if (e !== null) {
    var o = e.memoizedProps;
    if (Ti(o, r) && e.ref === t.ref) if (Ve = !1, t.pendingProps = r = o, (e.lanes & i) !== 0) e.flags & 131072 && (Ve = !0);
    else return t.lanes = e.lanes, Zt(e, t, i);
  }
  return Ga(e, t, n, r, i);
}
function Lg(e, t, n) {
  var r = t.pendingProps, i = r.children, o = e !== null ? e.memoizedState : null;
  if (r.mode === "hidden") if (!(t.mode & 1)) t.memoizedState = { baseLanes: 0, cachePool: null, transitions: null }, ue(mr, Ye), Ye |= n;
  else {
    if (!(n & 1073741824)) return e = o !== null ? o.baseLanes | n : n, t.lanes = t.childLanes = 1073741824, t.memoizedState = { baseLanes: e, cachePool: null, transitions: null }, t.updateQueue = null, ue(mr, Ye), Ye |= e, null;
    t.memoizedState = { baseLanes: 0, cachePool: null, transitions: null }, r = o !== null ? o.baseLanes : n, ue(mr, Ye), Ye |= r;
  }
  else o !== null ? (r = o.baseLanes | n, t.memoizedState = null) : r = n, ue(mr, Ye), Ye |= r;
  return Re(e, t, i, n), t.child;
}
function zg(e, t) {
  var n = t.ref;
  (e === null && n !== null || e !== null && e.ref !== n) && (t.flags |= 512, t.flags |= 2097152);
}
function Ga(e, t, n, r, i) {
  var o = We(n) ? Bn : je.current;
  return o = Pr(t, o), _r(t, i), n = ic(e, t, n, r, o, i), r = oc(), e !== null && !Ve ? (t.updateQueue = e.updateQueue, t.flags &= -2053, e.lanes &= ~i, Zt(e, t, i)) : (he && r && Yu(t), t.flags |= 1, Re(e, t, n, i), t.child);
}
function Zf(e, t, n, r, i) {
  if (We(n)) {
    var o = !0;
    us(t);
  } else o = !1;
  if (_r(t, i), t.stateNode === null) Wo(e, t), Pg(t, n, r), Ya(t, n, r, i), r = !0;
  else if (e === null) {
    var s = t.stateNode, l = t.memoizedProps;
    s.props = l;
    var a = s.context, u = n.contextType;
    typeof u == "object" && u !== null ? u = st(u) : (u = We(n) ? Bn : je.current, u = Pr(t, u));
    var c = n.getDerivedStateFromProps, d = typeof c == "function" || typeof s.getSnapshotBeforeUpdate == "function";
    d || typeof s.UNSAFE_componentWillReceiveProps != "function" && typeof s.componentWillReceiveProps != "function" || (l !== r || a !== u) && Uf(t, s, r, u), on = !1;
    var f = t.memoizedState;
    s.state = f, ps(t, r, s, i), a = t.memoizedState, l !== r || f !== a || Be.current || on ? (typeof c == "function" && (Ua(t, n, c, r), a = t.memoizedState), (l = on || Wf(t, n, l, r, f, a, u)) ? (d || typeof s.UNSAFE_componentWillMount != "function" && typeof s.componentWillMount != "function" || (typeof s.componentWillMount == "function" && s.componentWillMount(), typeof s.UNSAFE_componentWillMount == "function" && s.UNSAFE_componentWillMount()), typeof s.componentDidMount == "function" && (t.flags |= 4194308)) : (typeof s.componentDidMount == "function" && (t.flags |= 4194308), t.memoizedProps = r, t.memoizedState = a), s.props = r, s.state = a, s.context = u, r = l) : (typeof s.componentDidMount == "function" && (t.flags |= 4194308), r = !1);
  } else {
    s = t.stateNode, ag(e, t), l = t.memoizedProps, u = t.type === t.elementType ? l : ft(t.type, l), s.props = u, d = t.pendingProps, f = s.context, a = n.contextType, typeof a == "object" && a !== null ? a = st(a) : (a = We(n) ? Bn : je.current, a = Pr(t, a));
    var p = n.getDerivedStateFromProps;
    (c = typeof p == "function" || typeof s.getSnapshotBeforeUpdate == "function") || typeof s.UNSAFE_componentWillReceiveProps != "function" && typeof s.componentWillReceiveProps != "function" || (l !== d || f !== a) && Uf(t, s, r, a), on = !1, f = t.memoizedState, s.state = f, ps(t, r, s, i);
    var h = t.memoizedState;
    l !== d || f !== h || Be.current || on ? (typeof p == "function" && (Ua(t, n, p, r), h = t.memoizedState), (u = on || Wf(t, n, u, r, f, h, a) || !1) ? (c || typeof s.UNSAFE_componentWillUpdate != "function" && typeof s.componentWillUpdate != "function" || (typeof s.componentWillUpdate == "function" && s.componentWillUpdate(r, h, a), typeof s.UNSAFE_componentWillUpdate == "function" && s.UNSAFE_componentWillUpdate(r, h, a)), typeof s.componentDidUpdate == "function" && (t.flags |= 4), typeof s.getSnapshotBeforeUpdate == "function" && (t.flags |= 1024)) : (typeof s.componentDidUpdate != "function" || l === e.memoizedProps && f === e.memoizedState || (t.flags |= 4), typeof s.getSnapshotBeforeUpdate != "function" || l === e.memoizedProps && f === e.memoizedState || (t.flags |= 1024), t.memoizedProps = r, t.memoizedState = h), s.props = r, s.state = h, s.context = a, r = u) : (typeof s.componentDidUpdate != "function" || l === e.memoizedProps && f === e.memoizedState || (t.flags |= 4), typeof s.getSnapshotBeforeUpdate != "function" || l === e.memoizedProps && f === e.memoizedState || (t.flags |= 1024), r = !1);
  }
  return Qa(e, t, n, r, o, i);
}
function Qa(e, t, n, r, i, o) {
  zg(e, t);
  var s = (t.flags & 128) !== 0;
  if (!r && !s) return i && jf(t, n, !1), Zt(e, t, o);
  r = t.stateNode, H1.current = t;
  var l = s && typeof n.getDerivedStateFromError != "function" ? null : r.render();
  return t.flags |= 1, e !== null && s ? (t.child = Tr(t, e.child, null, o), t.child = Tr(t, null, l, o)) : Re(e, t, l, o), t.memoizedState = r.state, i && jf(t, n, !0), t.child;
}
function Og(e) {
  var t = e.stateNode;
  t.pendingContext ? Of(e, t.pendingContext, t.pendingContext !== t.context) : t.context && Of(e, t.context, !1), ec(e, t.containerInfo);
}
function qf(e, t, n, r, i) {
  return $r(), Gu(i), t.flags |= 256, Re(e, t, n, r), t.child;
}
var Ka = { dehydrated: null, treeContext: null, retryLane: 0 };
function Za(e) {
  return { baseLanes: e, cachePool: null, transitions: null };
}
function jg(e, t, n) {
  var r = t.pendingProps, i = pe.current, o = !1, s = (t.flags & 128) !== 0, l;
  if ((l = s) || (l = e !== null && e.memoizedState === null ? !1 : (i & 2) !== 0), l ? (o = !0, t.flags &= -129) : (e === null || e.memoizedState !== null) && (i |= 1), ue(pe, i & 1), e === null)
    return Ba(t), e = t.memoizedState, e !== null && (e = e.dehydrated, e !== null) ? (t.mode & 1 ? e.data === "$!" ? t.lanes = 8 : t.lanes = 1073741824 : t.lanes = 1, null) : (s = r.children, e = r.fallback, o ? (r = t.mode, o = t.child, s = { mode: "hidden", children: s }, !(r & 1) && o !== null ? (o.childLanes = 0, o.pendingProps = s) : o = Ks(s, r, 0, null), e = An(e, r, n, null), o.return = t, e.return = t, o.sibling = e, t.child = o, t.child.memoizedState = Za(n), t.memoizedState = Ka, e) : ac(t, s));
  if (i = e.memoizedState, i !== null && (l = i.dehydrated, l !== null)) return V1(e, t, s, r, l, i, n);
  if (o) {
    o = r.fallback, s = t.mode, i = e.child, l = i.sibling;
    var a = { mode: "hidden", children: r.children };
    return !(s & 1) && t.child !== i ? (r = t.child, r.childLanes = 0, r.pendingProps = a, t.deletions = null) : (r = wn(i, a), r.subtreeFlags = i.subtreeFlags & 14680064), l !== null ? o = wn(l, o) : (o = An(o, s, n, null), o.flags |= 2), o.return = t, r.return = t, r.sibling = o, t.child = r, r = o, o = t.child, s = e.child.memoizedState, s = s === null ? Za(n) : { baseLanes: s.baseLanes | n, cachePool: null, transitions: s.transitions }, o.memoizedState = s, o.childLanes = e.childLanes & ~n, t.memoizedState = Ka, r;
  }
  return o = e.child, e = o.sibling, r = wn(o, { mode: "visible", children: r.children }), !(t.mode & 1) && (r.lanes = n), r.return = t, r.sibling = null, e !== null && (n = t.deletions, n === null ? (t.deletions = [e], t.flags |= 16) : n.push(e)), t.child = r, t.memoizedState = null, r;
}
function ac(e, t) {
  return t = Ks({ mode: "visible", children: t }, e.mode, 0, null), t.return = e, e.child = t;
}
function _o(e, t, n, r) {
  return r !== null && Gu(r), Tr(t, e.child, null, n), e = ac(t, t.pendingProps.children), e.flags |= 2, t.memoizedState = null, e;
}
function V1(e, t, n, r, i, o, s) {
  if (n)
    return t.flags & 256 ? (t.flags &= -257, r = Ul(Error(V(422))), _o(e, t, s, r)) : t.memoizedState !== null ? (t.child = e.child, t.flags |= 128, null) : (o = r.fallback, i = t.mode, r = Ks({ mode: "visible", children: r.children }, i, 0, null), o = An(o, i, s, null), o.flags |= 2, r.return = t, o.return = t, r.sibling = o, t.child = r, t.mode & 1 && Tr(t, e.child, null, s), t.child.memoizedState = Za(s), t.memoizedState = Ka, o);
  if (!(t.mode & 1)) return _o(e, t, s, null);
  if (i.data === "$!") {
    if (r = i.nextSibling && i.nextSibling.dataset, r) var l = r.dgst;
    return r = l, o = Error(V(419)), r = Ul(o, r, void 0), _o(e, t, s, r);
  }
  if (l = (s & e.childLanes) !== 0, Ve || l) {
    if (r = Ie, r !== null) {
      switch (s & -s) {
        case 4:
          i = 2;
          break;
        case 16:
          i = 8;
          break;
        case 64:
        case 128:
        case 256:
        case 512:
        case 1024:
        case 2048:
        case 4096:
        case 8192:
        case 16384:
        case 32768:
        case 65536:
        case 131072:
        case 262144:
        case 524288:
        case 1048576:
        case 2097152:
        case 4194304:
        case 8388608:
        case 16777216:
        case 33554432:
        case 67108864:
          i = 32;
          break;
        case 536870912:
          i = 268435456;
          break;
        default:
          i = 0;
      }
      i = i & (r.suspendedLanes | s) ? 0 : i, i !== 0 && i !== o.retryLane && (o.retryLane = i, Kt(e, i), wt(r, e, i, -1));
    }
    return pc(), r = Ul(Error(V(421))), _o(e, t, s, r);
  }
  return i.data === "$?" ? (t.flags |= 128, t.child = e.child, t = tx.bind(null, e), i._reactRetry = t, null) : (e = o.treeContext, Ge = gn(i.nextSibling), Qe = t, he = !0, pt = null, e !== null && (nt[rt++] = Bt, nt[rt++] = Wt, nt[rt++] = Wn, Bt = e.id, Wt = e.overflow, Wn = t), t = ac(t, r.children), t.flags |= 4096, t);
}
function Jf(e, t, n) {
  e.lanes |= t;
  var r = e.alternate;
  r !== null && (r.lanes |= t), Wa(e.return, t, n);
}
function Yl(e, t, n, r, i) {
  var o = e.memoizedState;
  o === null ? e.memoizedState = { isBackwards: t, rendering: null, renderingStartTime: 0, last: r, tail: n, tailMode: i } : (o.isBackwards = t, o.rendering = null, o.renderingStartTime = 0, o.last = r, o.tail = n, o.tailMode = i);
}
function Rg(e, t, n) {
  var r = t.pendingProps, i = r.revealOrder, o = r.tail;
  if (Re(e, t, r.children, n), r = pe.current, r & 2) r = r & 1 | 2, t.flags |= 128;
  else {
    if (e !== null && e.flags & 128) e: for (e = t.child; e !== null; ) {
      if (e.tag === 13) e.memoizedState !== null && Jf(e, n, t);
      else if (e.tag === 19) Jf(e, n, t);
      else if (e.child !== null) {
        e.child.return = e, e = e.child;
        continue;
      }
      if (e === t) break e;
      for (; e.sibling === null; ) {
        if (e.return === null || e.return === t) break e;
        e = e.return;
      }
      e.sibling.return = e.return, e = e.sibling;
    }
    r &= 1;
  }
  if (ue(pe, r), !(t.mode & 1)) t.memoizedState = null;
  else switch (i) {
    case "forwards":
      for (n = t.child, i = null; n !== null; ) e = n.alternate, e !== null && gs(e) === null && (i = n), n = n.sibling;
      n = i, n === null ? (i = t.child, t.child = null) : (i = n.sibling, n.sibling = null), Yl(t, !1, i, n, o);
      break;
    case "backwards":
      for (n = null, i = t.child, t.child = null; i !== null; ) {
        if (e = i.alternate, e !== null && gs(e) === null) {
          t.child = i;
          break;
        }
        e = i.sibling, i.sibling = n, n = i, i = e;
      }
      Yl(t, !0, n, null, o);
      break;
    case "together":
      Yl(t, !1, null, null, void 0);
      break;
    default:
      t.memoizedState = null;
  }
  return t.child;
}
function Wo(e, t) {
  !(t.mode & 1) && e !== null && (e.alternate = null, t.alternate = null, t.flags |= 2);
}
function Zt(e, t, n) {
  if (e !== null && (t.dependencies = e.dependencies), Yn |= t.lanes, !(n & t.childLanes)) return null;
  if (e !== null && t.child !== e.child) throw Error(V(153));
  if (t.child !== null) {
    for (e = t.child, n = wn(e, e.pendingProps), t.child = n, n.return = t; e.sibling !== null; ) e = e.sibling, n = n.sibling = wn(e, e.pendingProps), n.return = t;
    n.sibling = null;
  }
  return t.child;
}
function B1(e, t, n) {
  switch (t.tag) {
    case 3:
      Og(t), $r();
      break;
    case 5:
      ug(t);
      break;
    case 1:
      We(t.type) && us(t);
      break;
    case 4:
      ec(t, t.stateNode.containerInfo);
      break;
    case 10:
      var r = t.type._context, i = t.memoizedProps.value;
      ue(ds, r._currentValue), r._currentValue = i;
      break;
    case 13:
      if (r = t.memoizedState, r !== null)
        return r.dehydrated !== null ? (ue(pe, pe.current & 1), t.flags |= 128, null) : n & t.child.childLanes ? jg(e, t, n) : (ue(pe, pe.current & 1), e = Zt(e, t, n), e !== null ? e.sibling : null);
      ue(pe, pe.current & 1);
      break;
    case 19:
      if (r = (n & t.childLanes) !== 0, e.flags & 128) {
        if (r) return Rg(e, t, n);
        t.flags |= 128;
      }
      if (i = t.memoizedState, i !== null && (i.rendering = null, i.tail = null, i.lastEffect = null), ue(pe, pe.current), r) break;
      return null;
    case 22:
    case 23:
      return t.lanes = 0, Lg(e, t, n);
  }
  return Zt(e, t, n);
}
var Dg, qa, Ag, Fg;
Dg = function(e, t) {
  for (var n = t.child; n !== null; ) {
    if (n.tag === 5 || n.tag === 6) e.appendChild(n.stateNode);
    else if (n.tag !== 4 && n.child !== null) {
      n.child.return = n, n = n.child;
      continue;
    }
    if (n === t) break;
    for (; n.sibling === null; ) {
      if (n.return === null || n.return === t) return;
      n = n.return;
    }
    n.sibling.return = n.return, n = n.sibling;
  }
};
qa = function() {
};
Ag = function(e, t, n, r) {
  var i = e.memoizedProps;
  if (i !== r) {
    e = t.stateNode, jn(bt.current);
    var o = null;
    switch (n) {
      case "input":
        i = xa(e, i), r = xa(e, r), o = [];
        break;
      case "select":
        i = me({}, i, { value: void 0 }), r = me({}, r, { value: void 0 }), o = [];
        break;
      case "textarea":
        i = Sa(e, i), r = Sa(e, r), o = [];
        break;
      default:
        typeof i.onClick != "function" && typeof r.onClick == "function" && (e.onclick = ls);
    }
    Na(n, r);
    var s;
    n = null;
    for (u in i) if (!r.hasOwnProperty(u) && i.hasOwnProperty(u) && i[u] != null) if (u === "style") {
      var l = i[u];
      for (s in l) l.hasOwnProperty(s) && (n || (n = {}), n[s] = "");
    } else u !== "dangerouslySetInnerHTML" && u !== "children" && u !== "suppressContentEditableWarning" && u !== "suppressHydrationWarning" && u !== "autoFocus" && (ki.hasOwnProperty(u) ? o || (o = []) : (o = o || []).push(u, null));
    for (u in r) {
      var a = r[u];
      if (l = i != null ? i[u] : void 0, r.hasOwnProperty(u) && a !== l && (a != null || l != null)) if (u === "style") if (l) {
        for (s in l) !l.hasOwnProperty(s) || a && a.hasOwnProperty(s) || (n || (n = {}), n[s] = "");
        for (s in a) a.hasOwnProperty(s) && l[s] !== a[s] && (n || (n = {}), n[s] = a[s]);
      } else n || (o || (o = []), o.push(
        u,
        n
      )), n = a;
      else u === "dangerouslySetInnerHTML" ? (a = a ? a.__html : void 0, l = l ? l.__html : void 0, a != null && l !== a && (o = o || []).push(u, a)) : u === "children" ? typeof a != "string" && typeof a != "number" || (o = o || []).push(u, "" + a) : u !== "suppressContentEditableWarning" && u !== "suppressHydrationWarning" && (ki.hasOwnProperty(u) ? (a != null && u === "onScroll" && ce("scroll", e), o || l === a || (o = [])) : (o = o || []).push(u, a));
    }
    n && (o = o || []).push("style", n);
    var u = o;
    (t.updateQueue = u) && (t.flags |= 4);
  }
};
Fg = function(e, t, n, r) {
  n !== r && (t.flags |= 4);
};
function ni(e, t) {
  if (!he) switch (e.tailMode) {
    case "hidden":
      t = e.tail;
      for (var n = null; t !== null; ) t.alternate !== null && (n = t), t = t.sibling;
      n === null ? e.tail = null : n.sibling = null;
      break;
    case "collapsed":
      n = e.tail;
      for (var r = null; n !== null; ) n.alternate !== null && (r = n), n = n.sibling;
      r === null ? t || e.tail === null ? e.tail = null : e.tail.sibling = null : r.sibling = null;
  }
}
function ze(e) {
  var t = e.alternate !== null && e.alternate.child === e.child, n = 0, r = 0;
  if (t) for (var i = e.child; i !== null; ) n |= i.lanes | i.childLanes, r |= i.subtreeFlags & 14680064, r |= i.flags & 14680064, i.return = e, i = i.sibling;
  else for (i = e.child; i !== null; ) n |= i.lanes | i.childLanes, r |= i.subtreeFlags, r |= i.flags, i.return = e, i = i.sibling;
  return e.subtreeFlags |= r, e.childLanes = n, t;
}
function W1(e, t, n) {
  var r = t.pendingProps;
  switch (Xu(t), t.tag) {
    case 2:
    case 16:
    case 15:
    case 0:
    case 11:
    case 7:
    case 8:
    case 12:
    case 9:
    case 14:
      return ze(t), null;
    case 1:
      return We(t.type) && as(), ze(t), null;
    case 3:
      return r = t.stateNode, br(), fe(Be), fe(je), nc(), r.pendingContext && (r.context = r.pendingContext, r.pendingContext = null), (e === null || e.child === null) && (xo(t) ? t.flags |= 4 : e === null || e.memoizedState.isDehydrated && !(t.flags & 256) || (t.flags |= 1024, pt !== null && (su(pt), pt = null))), qa(e, t), ze(t), null;
    case 5:
      tc(t);
      var i = jn(ji.current);
      if (n = t.type, e !== null && t.stateNode != null) Ag(e, t, n, r, i), e.ref !== t.ref && (t.flags |= 512, t.flags |= 2097152);
      else {
        if (!r) {
          if (t.stateNode === null) throw Error(V(166));
          return ze(t), null;
        }
        if (e = jn(bt.current), xo(t)) {
          r = t.stateNode, n = t.type;
          var o = t.memoizedProps;
          switch (r[$t] = t, r[zi] = o, e = (t.mode & 1) !== 0, n) {
            case "dialog":
              ce("cancel", r), ce("close", r);
              break;
            case "iframe":
            case "object":
            case "embed":
              ce("load", r);
              break;
            case "video":
            case "audio":
              for (i = 0; i < ui.length; i++) ce(ui[i], r);
              break;
            case "source":
              ce("error", r);
              break;
            case "img":
            case "image":
            case "link":
              ce(
                "error",
                r
              ), ce("load", r);
              break;
            case "details":
              ce("toggle", r);
              break;
            case "input":
              af(r, o), ce("invalid", r);
              break;
            case "select":
              r._wrapperState = { wasMultiple: !!o.multiple }, ce("invalid", r);
              break;
            case "textarea":
              cf(r, o), ce("invalid", r);
          }
          Na(n, o), i = null;
          for (var s in o) if (o.hasOwnProperty(s)) {
            var l = o[s];
            s === "children" ? typeof l == "string" ? r.textContent !== l && (o.suppressHydrationWarning !== !0 && wo(r.textContent, l, e), i = ["children", l]) : typeof l == "number" && r.textContent !== "" + l && (o.suppressHydrationWarning !== !0 && wo(
              r.textContent,
              l,
              e
            ), i = ["children", "" + l]) : ki.hasOwnProperty(s) && l != null && s === "onScroll" && ce("scroll", r);
          }
          switch (n) {
            case "input":
              co(r), uf(r, o, !0);
              break;
            case "textarea":
              co(r), ff(r);
              break;
            case "select":
            case "option":
              break;
            default:
              typeof o.onClick == "function" && (r.onclick = ls);
          }
          r = i, t.updateQueue = r, r !== null && (t.flags |= 4);
        } else {
          s = i.nodeType === 9 ? i : i.ownerDocument, e === "http://www.w3.org/1999/xhtml" && (e = pp(n)), e === "http://www.w3.org/1999/xhtml" ? n === "script" ? (e = s.createElement("div"), e.innerHTML = "<script><\/script>", e = e.removeChild(e.firstChild)) : typeof r.is == "string" ? e = s.createElement(n, { is: r.is }) : (e = s.createElement(n), n === "select" && (s = e, r.multiple ? s.multiple = !0 : r.size && (s.size = r.size))) : e = s.createElementNS(e, n), e[$t] = t, e[zi] = r, Dg(e, t, !1, !1), t.stateNode = e;
          e: {
            switch (s = Ca(n, r), n) {
              case "dialog":
                ce("cancel", e), ce("close", e), i = r;
                break;
              case "iframe":
              case "object":
              case "embed":
                ce("load", e), i = r;
                break;
              case "video":
              case "audio":
                for (i = 0; i < ui.length; i++) ce(ui[i], e);
                i = r;
                break;
              case "source":
                ce("error", e), i = r;
                break;
              case "img":
              case "image":
              case "link":
                ce(
                  "error",
                  e
                ), ce("load", e), i = r;
                break;
              case "details":
                ce("toggle", e), i = r;
                break;
              case "input":
                af(e, r), i = xa(e, r), ce("invalid", e);
                break;
              case "option":
                i = r;
                break;
              case "select":
                e._wrapperState = { wasMultiple: !!r.multiple }, i = me({}, r, { value: void 0 }), ce("invalid", e);
                break;
              case "textarea":
                cf(e, r), i = Sa(e, r), ce("invalid", e);
                break;
              default:
                i = r;
            }
            Na(n, i), l = i;
            for (o in l) if (l.hasOwnProperty(o)) {
              var a = l[o];
              o === "style" ? yp(e, a) : o === "dangerouslySetInnerHTML" ? (a = a ? a.__html : void 0, a != null && gp(e, a)) : o === "children" ? typeof a == "string" ? (n !== "textarea" || a !== "") && Ni(e, a) : typeof a == "number" && Ni(e, "" + a) : o !== "suppressContentEditableWarning" && o !== "suppressHydrationWarning" && o !== "autoFocus" && (ki.hasOwnProperty(o) ? a != null && o === "onScroll" && ce("scroll", e) : a != null && bu(e, o, a, s));
            }
            switch (n) {
              case "input":
                co(e), uf(e, r, !1);
                break;
              case "textarea":
                co(e), ff(e);
                break;
              case "option":
                r.value != null && e.setAttribute("value", "" + En(r.value));
                break;
              case "select":
                e.multiple = !!r.multiple, o = r.value, o != null ? vr(e, !!r.multiple, o, !1) : r.defaultValue != null && vr(
                  e,
                  !!r.multiple,
                  r.defaultValue,
                  !0
                );
                break;
              default:
                typeof i.onClick == "function" && (e.onclick = ls);
            }
            switch (n) {
              case "button":
              case "input":
              case "select":
              case "textarea":
                r = !!r.autoFocus;
                break e;
              case "img":
                r = !0;
                break e;
              default:
                r = !1;
            }
          }
          r && (t.flags |= 4);
        }
        t.ref !== null && (t.flags |= 512, t.flags |= 2097152);
      }
      return ze(t), null;
    case 6:
      if (e && t.stateNode != null) Fg(e, t, e.memoizedProps, r);
      else {
        if (typeof r != "string" && t.stateNode === null) throw Error(V(166));
        if (n = jn(ji.current), jn(bt.current), xo(t)) {
          if (r = t.stateNode, n = t.memoizedProps, r[$t] = t, (o = r.nodeValue !== n) && (e = Qe, e !== null)) switch (e.tag) {
            case 3:
              wo(r.nodeValue, n, (e.mode & 1) !== 0);
              break;
            case 5:
              e.memoizedProps.suppressHydrationWarning !== !0 && wo(r.nodeValue, n, (e.mode & 1) !== 0);
          }
          o && (t.flags |= 4);
        } else r = (n.nodeType === 9 ? n : n.ownerDocument).createTextNode(r), r[$t] = t, t.stateNode = r;
      }
      return ze(t), null;
    case 13:
      if (fe(pe), r = t.memoizedState, e === null || e.memoizedState !== null && e.memoizedState.dehydrated !== null) {
        if (he && Ge !== null && t.mode & 1 && !(t.flags & 128)) ig(), $r(), t.flags |= 98560, o = !1;
        else if (o = xo(t), r !== null && r.dehydrated !== null) {
          if (e === null) {
            if (!o) throw Error(V(318));
            if (o = t.memoizedState, o = o !== null ? o.dehydrated : null, !o) throw Error(V(317));
            o[$t] = t;
          } else $r(), !(t.flags & 128) && (t.memoizedState = null), t.flags |= 4;
          ze(t), o = !1;
        } else pt !== null && (su(pt), pt = null), o = !0;
        if (!o) return t.flags & 65536 ? t : null;
      }
      return t.flags & 128 ? (t.lanes = n, t) : (r = r !== null, r !== (e !== null && e.memoizedState !== null) && r && (t.child.flags |= 8192, t.mode & 1 && (e === null || pe.current & 1 ? Ne === 0 && (Ne = 3) : pc())), t.updateQueue !== null && (t.flags |= 4), ze(t), null);
    case 4:
      return br(), qa(e, t), e === null && bi(t.stateNode.containerInfo), ze(t), null;
    case 10:
      return Zu(t.type._context), ze(t), null;
    case 17:
      return We(t.type) && as(), ze(t), null;
    case 19:
      if (fe(pe), o = t.memoizedState, o === null) return ze(t), null;
      if (r = (t.flags & 128) !== 0, s = o.rendering, s === null) if (r) ni(o, !1);
      else {
        if (Ne !== 0 || e !== null && e.flags & 128) for (e = t.child; e !== null; ) {
          if (s = gs(e), s !== null) {
            for (t.flags |= 128, ni(o, !1), r = s.updateQueue, r !== null && (t.updateQueue = r, t.flags |= 4), t.subtreeFlags = 0, r = n, n = t.child; n !== null; ) o = n, e = r, o.flags &= 14680066, s = o.alternate, s === null ? (o.childLanes = 0, o.lanes = e, o.child = null, o.subtreeFlags = 0, o.memoizedProps = null, o.memoizedState = null, o.updateQueue = null, o.dependencies = null, o.stateNode = null) : (o.childLanes = s.childLanes, o.lanes = s.lanes, o.child = s.child, o.subtreeFlags = 0, o.deletions = null, o.memoizedProps = s.memoizedProps, o.memoizedState = s.memoizedState, o.updateQueue = s.updateQueue, o.type = s.type, e = s.dependencies, o.dependencies = e === null ? null : { lanes: e.lanes, firstContext: e.firstContext }), n = n.sibling;
            return ue(pe, pe.current & 1 | 2), t.child;
          }
          e = e.sibling;
        }
        o.tail !== null && we() > zr && (t.flags |= 128, r = !0, ni(o, !1), t.lanes = 4194304);
      }
      else {
        if (!r) if (e = gs(s), e !== null) {
          if (t.flags |= 128, r = !0, n = e.updateQueue, n !== null && (t.updateQueue = n, t.flags |= 4), ni(o, !0), o.tail === null && o.tailMode === "hidden" && !s.alternate && !he) return ze(t), null;
        } else 2 * we() - o.renderingStartTime > zr && n !== 1073741824 && (t.flags |= 128, r = !0, ni(o, !1), t.lanes = 4194304);
        o.isBackwards ? (s.sibling = t.child, t.child = s) : (n = o.last, n !== null ? n.sibling = s : t.child = s, o.last = s);
      }
      return o.tail !== null ? (t = o.tail, o.rendering = t, o.tail = t.sibling, o.renderingStartTime = we(), t.sibling = null, n = pe.current, ue(pe, r ? n & 1 | 2 : n & 1), t) : (ze(t), null);
    case 22:
    case 23:
      return hc(), r = t.memoizedState !== null, e !== null && e.memoizedState !== null !== r && (t.flags |= 8192), r && t.mode & 1 ? Ye & 1073741824 && (ze(t), t.subtreeFlags & 6 && (t.flags |= 8192)) : ze(t), null;
    case 24:
      return null;
    case 25:
      return null;
  }
  throw Error(V(156, t.tag));
}
function U1(e, t) {
  switch (Xu(t), t.tag) {
    case 1:
      return We(t.type) && as(), e = t.flags, e & 65536 ? (t.flags = e & -65537 | 128, t) : null;
    case 3:
      return br(), fe(Be), fe(je), nc(), e = t.flags, e & 65536 && !(e & 128) ? (t.flags = e & -65537 | 128, t) : null;
    case 5:
      return tc(t), null;
    case 13:
      if (fe(pe), e = t.memoizedState, e !== null && e.dehydrated !== null) {
        if (t.alternate === null) throw Error(V(340));
        $r();
      }
      return e = t.flags, e & 65536 ? (t.flags = e & -65537 | 128, t) : null;
    case 19:
      return fe(pe), null;
    case 4:
      return br(), null;
    case 10:
      return Zu(t.type._context), null;
    case 22:
    case 23:
      return hc(), null;
    case 24:
      return null;
    default:
      return null;
  }
}
var So = !1, Oe = !1, Y1 = typeof WeakSet == "function" ? WeakSet : Set, U = null;
function gr(e, t) {
  var n = e.ref;
  if (n !== null) if (typeof n == "function") try {
    n(null);
  } catch (r) {
    ve(e, t, r);
  }
  else n.current = null;
}
function Ja(e, t, n) {
  try {
    n();
  } catch (r) {
    ve(e, t, r);
  }
}
var ed = !1;
function X1(e, t) {
  if (ja = is, e = Up(), Uu(e)) {
    if ("selectionStart" in e) var n = { start: e.selectionStart, end: e.selectionEnd };
    else e: {
      n = (n = e.ownerDocument) && n.defaultView || window;
      var r = n.getSelection && n.getSelection();
      if (r && r.rangeCount !== 0) {
        n = r.anchorNode;
        var i = r.anchorOffset, o = r.focusNode;
        r = r.focusOffset;
        try {
          n.nodeType, o.nodeType;
        } catch {
          n = null;
          break e;
        }
        var s = 0, l = -1, a = -1, u = 0, c = 0, d = e, f = null;
        t: for (; ; ) {
          for (var p; d !== n || i !== 0 && d.nodeType !== 3 || (l = s + i), d !== o || r !== 0 && d.nodeType !== 3 || (a = s + r), d.nodeType === 3 && (s += d.nodeValue.length), (p = d.firstChild) !== null; )
            f = d, d = p;
          for (; ; ) {
            if (d === e) break t;
            if (f === n && ++u === i && (l = s), f === o && ++c === r && (a = s), (p = d.nextSibling) !== null) break;
            d = f, f = d.parentNode;
          }
          d = p;
        }
        n = l === -1 || a === -1 ? null : { start: l, end: a };
      } else n = null;
    }
    n = n || { start: 0, end: 0 };
  } else n = null;
  for (Ra = { focusedElem: e, selectionRange: n }, is = !1, U = t; U !== null; ) if (t = U, e = t.child, (t.subtreeFlags & 1028) !== 0 && e !== null) e.return = t, U = e;
  else for (; U !== null; ) {
    t = U;
    try {
      var h = t.alternate;
      if (t.flags & 1024) switch (t.tag) {
        case 0:
        case 11:
        case 15:
          break;
        case 1:
          if (h !== null) {
            var v = h.memoizedProps, E = h.memoizedState, g = t.stateNode, y = g.getSnapshotBeforeUpdate(t.elementType === t.type ? v : ft(t.type, v), E);
            g.__reactInternalSnapshotBeforeUpdate = y;
          }
          break;
        case 3:
          var m = t.stateNode.containerInfo;
          m.nodeType === 1 ? m.textContent = "" : m.nodeType === 9 && m.documentElement && m.removeChild(m.documentElement);
          break;
        case 5:
        case 6:
        case 4:
        case 17:
          break;
        default:
          throw Error(V(163));
      }
    } catch (w) {
      ve(t, t.return, w);
    }
    if (e = t.sibling, e !== null) {
      e.return = t.return, U = e;
      break;
    }
    U = t.return;
  }
  return h = ed, ed = !1, h;
}
function wi(e, t, n) {
  var r = t.updateQueue;
  if (r = r !== null ? r.lastEffect : null, r !== null) {
    var i = r = r.next;
    do {
      if ((i.tag & e) === e) {
        var o = i.destroy;
        i.destroy = void 0, o !== void 0 && Ja(t, n, o);
      }
      i = i.next;
    } while (i !== r);
  }
}
function Gs(e, t) {
  if (t = t.updateQueue, t = t !== null ? t.lastEffect : null, t !== null) {
    var n = t = t.next;
    do {
      if ((n.tag & e) === e) {
        var r = n.create;
        n.destroy = r();
      }
      n = n.next;
    } while (n !== t);
  }
}
function eu(e) {
  var t = e.ref;
  if (t !== null) {
    var n = e.stateNode;
    switch (e.tag) {
      case 5:
        e = n;
        break;
      default:
        e = n;
    }
    typeof t == "function" ? t(e) : t.current = e;
  }
}
function Hg(e) {
  var t = e.alternate;
  t !== null && (e.alternate = null, Hg(t)), e.child = null, e.deletions = null, e.sibling = null, e.tag === 5 && (t = e.stateNode, t !== null && (delete t[$t], delete t[zi], delete t[Fa], delete t[P1], delete t[$1])), e.stateNode = null, e.return = null, e.dependencies = null, e.memoizedProps = null, e.memoizedState = null, e.pendingProps = null, e.stateNode = null, e.updateQueue = null;
}
function Vg(e) {
  return e.tag === 5 || e.tag === 3 || e.tag === 4;
}
function td(e) {
  e: for (; ; ) {
    for (; e.sibling === null; ) {
      if (e.return === null || Vg(e.return)) return null;
      e = e.return;
    }
    for (e.sibling.return = e.return, e = e.sibling; e.tag !== 5 && e.tag !== 6 && e.tag !== 18; ) {
      if (e.flags & 2 || e.child === null || e.tag === 4) continue e;
      e.child.return = e, e = e.child;
    }
    if (!(e.flags & 2)) return e.stateNode;
  }
}
function tu(e, t, n) {
  var r = e.tag;
  if (r === 5 || r === 6) e = e.stateNode, t ? n.nodeType === 8 ? n.parentNode.insertBefore(e, t) : n.insertBefore(e, t) : (n.nodeType === 8 ? (t = n.parentNode, t.insertBefore(e, n)) : (t = n, t.appendChild(e)), n = n._reactRootContainer, n != null || t.onclick !== null || (t.onclick = ls));
  else if (r !== 4 && (e = e.child, e !== null)) for (tu(e, t, n), e = e.sibling; e !== null; ) tu(e, t, n), e = e.sibling;
}
function nu(e, t, n) {
  var r = e.tag;
  if (r === 5 || r === 6) e = e.stateNode, t ? n.insertBefore(e, t) : n.appendChild(e);
  else if (r !== 4 && (e = e.child, e !== null)) for (nu(e, t, n), e = e.sibling; e !== null; ) nu(e, t, n), e = e.sibling;
}
var $e = null, dt = !1;
function en(e, t, n) {
  for (n = n.child; n !== null; ) Bg(e, t, n), n = n.sibling;
}
function Bg(e, t, n) {
  if (Tt && typeof Tt.onCommitFiberUnmount == "function") try {
    Tt.onCommitFiberUnmount(Fs, n);
  } catch {
  }
  switch (n.tag) {
    case 5:
      Oe || gr(n, t);
    case 6:
      var r = $e, i = dt;
      $e = null, en(e, t, n), $e = r, dt = i, $e !== null && (dt ? (e = $e, n = n.stateNode, e.nodeType === 8 ? e.parentNode.removeChild(n) : e.removeChild(n)) : $e.removeChild(n.stateNode));
      break;
    case 18:
      $e !== null && (dt ? (e = $e, n = n.stateNode, e.nodeType === 8 ? Al(e.parentNode, n) : e.nodeType === 1 && Al(e, n), Pi(e)) : Al($e, n.stateNode));
      break;
    case 4:
      r = $e, i = dt, $e = n.stateNode.containerInfo, dt = !0, en(e, t, n), $e = r, dt = i;
      break;
    case 0:
    case 11:
    case 14:
    case 15:
      if (!Oe && (r = n.updateQueue, r !== null && (r = r.lastEffect, r !== null))) {
        i = r = r.next;
        do {
          var o = i, s = o.destroy;
          o = o.tag, s !== void 0 && (o & 2 || o & 4) && Ja(n, t, s), i = i.next;
        } while (i !== r);
      }
      en(e, t, n);
      break;
    case 1:
      if (!Oe && (gr(n, t), r = n.stateNode, typeof r.componentWillUnmount == "function")) try {
        r.props = n.memoizedProps, r.state = n.memoizedState, r.componentWillUnmount();
      } catch (l) {
        ve(n, t, l);
      }
      en(e, t, n);
      break;
    case 21:
      en(e, t, n);
      break;
    case 22:
      n.mode & 1 ? (Oe = (r = Oe) || n.memoizedState !== null, en(e, t, n), Oe = r) : en(e, t, n);
      break;
    default:
      en(e, t, n);
  }
}
function nd(e) {
  var t = e.updateQueue;
  if (t !== null) {
    e.updateQueue = null;
    var n = e.stateNode;
    n === null && (n = e.stateNode = new Y1()), t.forEach(function(r) {
      var i = nx.bind(null, e, r);
      n.has(r) || (n.add(r), r.then(i, i));
    });
  }
}
function ct(e, t) {
  var n = t.deletions;
  if (n !== null) for (var r = 0; r < n.length; r++) {
    var i = n[r];
    try {
      var o = e, s = t, l = s;
      e: for (; l !== null; ) {
        switch (l.tag) {
          case 5:
            $e = l.stateNode, dt = !1;
            break e;
          case 3:
            $e = l.stateNode.containerInfo, dt = !0;
            break e;
          case 4:
            $e = l.stateNode.containerInfo, dt = !0;
            break e;
        }
        l = l.return;
      }
      if ($e === null) throw Error(V(160));
      Bg(o, s, i), $e = null, dt = !1;
      var a = i.alternate;
      a !== null && (a.return = null), i.return = null;
    } catch (u) {
      ve(i, t, u);
    }
  }
  if (t.subtreeFlags & 12854) for (t = t.child; t !== null; ) Wg(t, e), t = t.sibling;
}
function Wg(e, t) {
  var n = e.alternate, r = e.flags;
  switch (e.tag) {
    case 0:
    case 11:
    case 14:
    case 15:
      if (ct(t, e), Mt(e), r & 4) {
        try {
          wi(3, e, e.return), Gs(3, e);
        } catch (v) {
          ve(e, e.return, v);
        }
        try {
          wi(5, e, e.return);
        } catch (v) {
          ve(e, e.return, v);
        }
      }
      break;
    case 1:
      ct(t, e), Mt(e), r & 512 && n !== null && gr(n, n.return);
      break;
    case 5:
      if (ct(t, e), Mt(e), r & 512 && n !== null && gr(n, n.return), e.flags & 32) {
        var i = e.stateNode;
        try {
          Ni(i, "");
        } catch (v) {
          ve(e, e.return, v);
        }
      }
      if (r & 4 && (i = e.stateNode, i != null)) {
        var o = e.memoizedProps, s = n !== null ? n.memoizedProps : o, l = e.type, a = e.updateQueue;
        if (e.updateQueue = null, a !== null) try {
          l === "input" && o.type === "radio" && o.name != null && dp(i, o), Ca(l, s);
          var u = Ca(l, o);
          for (s = 0; s < a.length; s += 2) {
            var c = a[s], d = a[s + 1];
            c === "style" ? yp(i, d) : c === "dangerouslySetInnerHTML" ? gp(i, d) : c === "children" ? Ni(i, d) : bu(i, c, d, u);
          }
          switch (l) {
            case "input":
              Ea(i, o);
              break;
            case "textarea":
              hp(i, o);
              break;
            case "select":
              var f = i._wrapperState.wasMultiple;
              i._wrapperState.wasMultiple = !!o.multiple;
              var p = o.value;
              p != null ? vr(i, !!o.multiple, p, !1) : f !== !!o.multiple && (o.defaultValue != null ? vr(
                i,
                !!o.multiple,
                o.defaultValue,
                !0
              ) : vr(i, !!o.multiple, o.multiple ? [] : "", !1));
          }
          i[zi] = o;
        } catch (v) {
          ve(e, e.return, v);
        }
      }
      break;
    case 6:
      if (ct(t, e), Mt(e), r & 4) {
        if (e.stateNode === null) throw Error(V(162));
        i = e.stateNode, o = e.memoizedProps;
        try {
          i.nodeValue = o;
        } catch (v) {
          ve(e, e.return, v);
        }
      }
      break;
    case 3:
      if (ct(t, e), Mt(e), r & 4 && n !== null && n.memoizedState.isDehydrated) try {
        Pi(t.containerInfo);
      } catch (v) {
        ve(e, e.return, v);
      }
      break;
    case 4:
      ct(t, e), Mt(e);
      break;
    case 13:
      ct(t, e), Mt(e), i = e.child, i.flags & 8192 && (o = i.memoizedState !== null, i.stateNode.isHidden = o, !o || i.alternate !== null && i.alternate.memoizedState !== null || (fc = we())), r & 4 && nd(e);
      break;
    case 22:
      if (c = n !== null && n.memoizedState !== null, e.mode & 1 ? (Oe = (u = Oe) || c, ct(t, e), Oe = u) : ct(t, e), Mt(e), r & 8192) {
        if (u = e.memoizedState !== null, (e.stateNode.isHidden = u) && !c && e.mode & 1) for (U = e, c = e.child; c !== null; ) {
          for (d = U = c; U !== null; ) {
            switch (f = U, p = f.child, f.tag) {
              case 0:
              case 11:
              case 14:
              case 15:
                wi(4, f, f.return);
                break;
              case 1:
                gr(f, f.return);
                var h = f.stateNode;
                if (typeof h.componentWillUnmount == "function") {
                  r = f, n = f.return;
                  try {
                    t = r, h.props = t.memoizedProps, h.state = t.memoizedState, h.componentWillUnmount();
                  } catch (v) {
                    ve(r, n, v);
                  }
                }
                break;
              case 5:
                gr(f, f.return);
                break;
              case 22:
                if (f.memoizedState !== null) {
                  id(d);
                  continue;
                }
            }
            p !== null ? (p.return = f, U = p) : id(d);
          }
          c = c.sibling;
        }
        e: for (c = null, d = e; ; ) {
          if (d.tag === 5) {
            if (c === null) {
              c = d;
              try {
                i = d.stateNode, u ? (o = i.style, typeof o.setProperty == "function" ? o.setProperty("display", "none", "important") : o.display = "none") : (l = d.stateNode, a = d.memoizedProps.style, s = a != null && a.hasOwnProperty("display") ? a.display : null, l.style.display = mp("display", s));
              } catch (v) {
                ve(e, e.return, v);
              }
            }
          } else if (d.tag === 6) {
            if (c === null) try {
              d.stateNode.nodeValue = u ? "" : d.memoizedProps;
            } catch (v) {
              ve(e, e.return, v);
            }
          } else if ((d.tag !== 22 && d.tag !== 23 || d.memoizedState === null || d === e) && d.child !== null) {
            d.child.return = d, d = d.child;
            continue;
          }
          if (d === e) break e;
          for (; d.sibling === null; ) {
            if (d.return === null || d.return === e) break e;
            c === d && (c = null), d = d.return;
          }
          c === d && (c = null), d.sibling.return = d.return, d = d.sibling;
        }
      }
      break;
    case 19:
      ct(t, e), Mt(e), r & 4 && nd(e);
      break;
    case 21:
      break;
    default:
      ct(
        t,
        e
      ), Mt(e);
  }
}
function Mt(e) {
  var t = e.flags;
  if (t & 2) {
    try {
      e: {
        for (var n = e.return; n !== null; ) {
          if (Vg(n)) {
            var r = n;
            break e;
          }
          n = n.return;
        }
        throw Error(V(160));
      }
      switch (r.tag) {
        case 5:
          var i = r.stateNode;
          r.flags & 32 && (Ni(i, ""), r.flags &= -33);
          var o = td(e);
          nu(e, o, i);
          break;
        case 3:
        case 4:
          var s = r.stateNode.containerInfo, l = td(e);
          tu(e, l, s);
          break;
        default:
          throw Error(V(161));
      }
    } catch (a) {
      ve(e, e.return, a);
    }
    e.flags &= -3;
  }
  t & 4096 && (e.flags &= -4097);
}
function G1(e, t, n) {
  U = e, Ug(e);
}
function Ug(e, t, n) {
  for (var r = (e.mode & 1) !== 0; U !== null; ) {
    var i = U, o = i.child;
    if (i.tag === 22 && r) {
      var s = i.memoizedState !== null || So;
      if (!s) {
        var l = i.alternate, a = l !== null && l.memoizedState !== null || Oe;
        l = So;
        var u = Oe;
        if (So = s, (Oe = a) && !u) for (U = i; U !== null; ) s = U, a = s.child, s.tag === 22 && s.memoizedState !== null ? od(i) : a !== null ? (a.return = s, U = a) : od(i);
        for (; o !== null; ) U = o, Ug(o), o = o.sibling;
        U = i, So = l, Oe = u;
      }
      rd(e);
    } else i.subtreeFlags & 8772 && o !== null ? (o.return = i, U = o) : rd(e);
  }
}
function rd(e) {
  for (; U !== null; ) {
    var t = U;
    if (t.flags & 8772) {
      var n = t.alternate;
      try {
        if (t.flags & 8772) switch (t.tag) {
          case 0:
          case 11:
          case 15:
            Oe || Gs(5, t);
            break;
          case 1:
            var r = t.stateNode;
            if (t.flags & 4 && !Oe) if (n === null) r.componentDidMount();
            else {
              var i = t.elementType === t.type ? n.memoizedProps : ft(t.type, n.memoizedProps);
              r.componentDidUpdate(i, n.memoizedState, r.__reactInternalSnapshotBeforeUpdate);
            }
            var o = t.updateQueue;
            o !== null && Hf(t, o, r);
            break;
          case 3:
            var s = t.updateQueue;
            if (s !== null) {
              if (n = null, t.child !== null) switch (t.child.tag) {
                case 5:
                  n = t.child.stateNode;
                  break;
                case 1:
                  n = t.child.stateNode;
              }
              Hf(t, s, n);
            }
            break;
          case 5:
            var l = t.stateNode;
            if (n === null && t.flags & 4) {
              n = l;
              var a = t.memoizedProps;
              switch (t.type) {
                case "button":
                case "input":
                case "select":
                case "textarea":
                  a.autoFocus && n.focus();
                  break;
                case "img":
                  a.src && (n.src = a.src);
              }
            }
            break;
          case 6:
            break;
          case 4:
            break;
          case 12:
            break;
          case 13:
            if (t.memoizedState === null) {
              var u = t.alternate;
              if (u !== null) {
                var c = u.memoizedState;
                if (c !== null) {
                  var d = c.dehydrated;
                  d !== null && Pi(d);
                }
              }
            }
            break;
          case 19:
          case 17:
          case 21:
          case 22:
          case 23:
          case 25:
            break;
          default:
            throw Error(V(163));
        }
        Oe || t.flags & 512 && eu(t);
      } catch (f) {
        ve(t, t.return, f);
      }
    }
    if (t === e) {
      U = null;
      break;
    }
    if (n = t.sibling, n !== null) {
      n.return = t.return, U = n;
      break;
    }
    U = t.return;
  }
}
function id(e) {
  for (; U !== null; ) {
    var t = U;
    if (t === e) {
      U = null;
      break;
    }
    var n = t.sibling;
    if (n !== null) {
      n.return = t.return, U = n;
      break;
    }
    U = t.return;
  }
}
function od(e) {
  for (; U !== null; ) {
    var t = U;
    try {
      switch (t.tag) {
        case 0:
        case 11:
        case 15:
          var n = t.return;
          try {
            Gs(4, t);
          } catch (a) {
            ve(t, n, a);
          }
          break;
        case 1:
          var r = t.stateNode;
          if (typeof r.componentDidMount == "function") {
            var i = t.return;
            try {
              r.componentDidMount();
            } catch (a) {
              ve(t, i, a);
            }
          }
          var o = t.return;
          try {
            eu(t);
          } catch (a) {
            ve(t, o, a);
          }
          break;
        case 5:
          var s = t.return;
          try {
            eu(t);
          } catch (a) {
            ve(t, s, a);
          }
      }
    } catch (a) {
      ve(t, t.return, a);
    }
    if (t === e) {
      U = null;
      break;
    }
    var l = t.sibling;
    if (l !== null) {
      l.return = t.return, U = l;
      break;
    }
    U = t.return;
  }
}
var Q1 = Math.ceil, vs = Jt.ReactCurrentDispatcher, uc = Jt.ReactCurrentOwner, ot = Jt.ReactCurrentBatchConfig, oe = 0, Ie = null, Ee = null, Te = 0, Ye = 0, mr = kn(0), Ne = 0, Fi = null, Yn = 0, Qs = 0, cc = 0, xi = null, He = null, fc = 0, zr = 1 / 0, Ft = null, ws = !1, ru = null, yn = null, ko = !1, fn = null, xs = 0, Ei = 0, iu = null, Uo = -1, Yo = 0;
function De() {
  return oe & 6 ? we() : Uo !== -1 ? Uo : Uo = we();
}
function vn(e) {
  return e.mode & 1 ? oe & 2 && Te !== 0 ? Te & -Te : b1.transition !== null ? (Yo === 0 && (Yo = Pp()), Yo) : (e = le, e !== 0 || (e = window.event, e = e === void 0 ? 16 : jp(e.type)), e) : 1;
}
function wt(e, t, n, r) {
  if (50 < Ei) throw Ei = 0, iu = null, Error(V(185));
  Zi(e, n, r), (!(oe & 2) || e !== Ie) && (e === Ie && (!(oe & 2) && (Qs |= n), Ne === 4 && an(e, Te)), Ue(e, r), n === 1 && oe === 0 && !(t.mode & 1) && (zr = we() + 500, Us && Nn()));
}
function Ue(e, t) {
  var n = e.callbackNode;
  bw(e, t);
  var r = rs(e, e === Ie ? Te : 0);
  if (r === 0) n !== null && pf(n), e.callbackNode = null, e.callbackPriority = 0;
  else if (t = r & -r, e.callbackPriority !== t) {
    if (n != null && pf(n), t === 1) e.tag === 0 ? T1(sd.bind(null, e)) : tg(sd.bind(null, e)), M1(function() {
      !(oe & 6) && Nn();
    }), n = null;
    else {
      switch ($p(r)) {
        case 1:
          n = Ru;
          break;
        case 4:
          n = Mp;
          break;
        case 16:
          n = ns;
          break;
        case 536870912:
          n = Ip;
          break;
        default:
          n = ns;
      }
      n = Jg(n, Yg.bind(null, e));
    }
    e.callbackPriority = t, e.callbackNode = n;
  }
}
function Yg(e, t) {
  if (Uo = -1, Yo = 0, oe & 6) throw Error(V(327));
  var n = e.callbackNode;
  if (Sr() && e.callbackNode !== n) return null;
  var r = rs(e, e === Ie ? Te : 0);
  if (r === 0) return null;
  if (r & 30 || r & e.expiredLanes || t) t = Es(e, r);
  else {
    t = r;
    var i = oe;
    oe |= 2;
    var o = Gg();
    (Ie !== e || Te !== t) && (Ft = null, zr = we() + 500, Dn(e, t));
    do
      try {
        q1();
        break;
      } catch (l) {
        Xg(e, l);
      }
    while (!0);
    Ku(), vs.current = o, oe = i, Ee !== null ? t = 0 : (Ie = null, Te = 0, t = Ne);
  }
  if (t !== 0) {
    if (t === 2 && (i = Ta(e), i !== 0 && (r = i, t = ou(e, i))), t === 1) throw n = Fi, Dn(e, 0), an(e, r), Ue(e, we()), n;
    if (t === 6) an(e, r);
    else {
      if (i = e.current.alternate, !(r & 30) && !K1(i) && (t = Es(e, r), t === 2 && (o = Ta(e), o !== 0 && (r = o, t = ou(e, o))), t === 1)) throw n = Fi, Dn(e, 0), an(e, r), Ue(e, we()), n;
      switch (e.finishedWork = i, e.finishedLanes = r, t) {
        case 0:
        case 1:
          throw Error(V(345));
        case 2:
          bn(e, He, Ft);
          break;
        case 3:
          if (an(e, r), (r & 130023424) === r && (t = fc + 500 - we(), 10 < t)) {
            if (rs(e, 0) !== 0) break;
            if (i = e.suspendedLanes, (i & r) !== r) {
              De(), e.pingedLanes |= e.suspendedLanes & i;
              break;
            }
            e.timeoutHandle = Aa(bn.bind(null, e, He, Ft), t);
            break;
          }
          bn(e, He, Ft);
          break;
        case 4:
          if (an(e, r), (r & 4194240) === r) break;
          for (t = e.eventTimes, i = -1; 0 < r; ) {
            var s = 31 - vt(r);
            o = 1 << s, s = t[s], s > i && (i = s), r &= ~o;
          }
          if (r = i, r = we() - r, r = (120 > r ? 120 : 480 > r ? 480 : 1080 > r ? 1080 : 1920 > r ? 1920 : 3e3 > r ? 3e3 : 4320 > r ? 4320 : 1960 * Q1(r / 1960)) - r, 10 < r) {
            e.timeoutHandle = Aa(bn.bind(null, e, He, Ft), r);
            break;
          }
          bn(e, He, Ft);
          break;
        case 5:
          bn(e, He, Ft);
          break;
        default:
          throw Error(V(329));
      }
    }
  }
  return Ue(e, we()), e.callbackNode === n ? Yg.bind(null, e) : null;
}
function ou(e, t) {
  var n = xi;
  return e.current.memoizedState.isDehydrated && (Dn(e, t).flags |= 256), e = Es(e, t), e !== 2 && (t = He, He = n, t !== null && su(t)), e;
}
function su(e) {
  He === null ? He = e : He.push.apply(He, e);
}
function K1(e) {
  for (var t = e; ; ) {
    if (t.flags & 16384) {
      var n = t.updateQueue;
      if (n !== null && (n = n.stores, n !== null)) for (var r = 0; r < n.length; r++) {
        var i = n[r], o = i.getSnapshot;
        i = i.value;
        try {
          if (!xt(o(), i)) return !1;
        } catch {
          return !1;
        }
      }
    }
    if (n = t.child, t.subtreeFlags & 16384 && n !== null) n.return = t, t = n;
    else {
      if (t === e) break;
      for (; t.sibling === null; ) {
        if (t.return === null || t.return === e) return !0;
        t = t.return;
      }
      t.sibling.return = t.return, t = t.sibling;
    }
  }
  return !0;
}
function an(e, t) {
  for (t &= ~cc, t &= ~Qs, e.suspendedLanes |= t, e.pingedLanes &= ~t, e = e.expirationTimes; 0 < t; ) {
    var n = 31 - vt(t), r = 1 << n;
    e[n] = -1, t &= ~r;
  }
}
function sd(e) {
  if (oe & 6) throw Error(V(327));
  Sr();
  var t = rs(e, 0);
  if (!(t & 1)) return Ue(e, we()), null;
  var n = Es(e, t);
  if (e.tag !== 0 && n === 2) {
    var r = Ta(e);
    r !== 0 && (t = r, n = ou(e, r));
  }
  if (n === 1) throw n = Fi, Dn(e, 0), an(e, t), Ue(e, we()), n;
  if (n === 6) throw Error(V(345));
  return e.finishedWork = e.current.alternate, e.finishedLanes = t, bn(e, He, Ft), Ue(e, we()), null;
}
function dc(e, t) {
  var n = oe;
  oe |= 1;
  try {
    return e(t);
  } finally {
    oe = n, oe === 0 && (zr = we() + 500, Us && Nn());
  }
}
function Xn(e) {
  fn !== null && fn.tag === 0 && !(oe & 6) && Sr();
  var t = oe;
  oe |= 1;
  var n = ot.transition, r = le;
  try {
    if (ot.transition = null, le = 1, e) return e();
  } finally {
    le = r, ot.transition = n, oe = t, !(oe & 6) && Nn();
  }
}
function hc() {
  Ye = mr.current, fe(mr);
}
function Dn(e, t) {
  e.finishedWork = null, e.finishedLanes = 0;
  var n = e.timeoutHandle;
  if (n !== -1 && (e.timeoutHandle = -1, C1(n)), Ee !== null) for (n = Ee.return; n !== null; ) {
    var r = n;
    switch (Xu(r), r.tag) {
      case 1:
        r = r.type.childContextTypes, r != null && as();
        break;
      case 3:
        br(), fe(Be), fe(je), nc();
        break;
      case 5:
        tc(r);
        break;
      case 4:
        br();
        break;
      case 13:
        fe(pe);
        break;
      case 19:
        fe(pe);
        break;
      case 10:
        Zu(r.type._context);
        break;
      case 22:
      case 23:
        hc();
    }
    n = n.return;
  }
  if (Ie = e, Ee = e = wn(e.current, null), Te = Ye = t, Ne = 0, Fi = null, cc = Qs = Yn = 0, He = xi = null, On !== null) {
    for (t = 0; t < On.length; t++) if (n = On[t], r = n.interleaved, r !== null) {
      n.interleaved = null;
      var i = r.next, o = n.pending;
      if (o !== null) {
        var s = o.next;
        o.next = i, r.next = s;
      }
      n.pending = r;
    }
    On = null;
  }
  return e;
}
function Xg(e, t) {
  do {
    var n = Ee;
    try {
      if (Ku(), Vo.current = ys, ms) {
        for (var r = ge.memoizedState; r !== null; ) {
          var i = r.queue;
          i !== null && (i.pending = null), r = r.next;
        }
        ms = !1;
      }
      if (Un = 0, Ce = ke = ge = null, vi = !1, Ri = 0, uc.current = null, n === null || n.return === null) {
        Ne = 1, Fi = t, Ee = null;
        break;
      }
      e: {
        var o = e, s = n.return, l = n, a = t;
        if (t = Te, l.flags |= 32768, a !== null && typeof a == "object" && typeof a.then == "function") {
          var u = a, c = l, d = c.tag;
          if (!(c.mode & 1) && (d === 0 || d === 11 || d === 15)) {
            var f = c.alternate;
            f ? (c.updateQueue = f.updateQueue, c.memoizedState = f.memoizedState, c.lanes = f.lanes) : (c.updateQueue = null, c.memoizedState = null);
          }
          var p = Xf(s);
          if (p !== null) {
            p.flags &= -257, Gf(p, s, l, o, t), p.mode & 1 && Yf(o, u, t), t = p, a = u;
            var h = t.updateQueue;
            if (h === null) {
              var v = /* @__PURE__ */ new Set();
              v.add(a), t.updateQueue = v;
            } else h.add(a);
            break e;
          } else {
            if (!(t & 1)) {
              Yf(o, u, t), pc();
              break e;
            }
            a = Error(V(426));
          }
        } else if (he && l.mode & 1) {
          var E = Xf(s);
          if (E !== null) {
            !(E.flags & 65536) && (E.flags |= 256), Gf(E, s, l, o, t), Gu(Lr(a, l));
            break e;
          }
        }
        o = a = Lr(a, l), Ne !== 4 && (Ne = 2), xi === null ? xi = [o] : xi.push(o), o = s;
        do {
          switch (o.tag) {
            case 3:
              o.flags |= 65536, t &= -t, o.lanes |= t;
              var g = $g(o, a, t);
              Ff(o, g);
              break e;
            case 1:
              l = a;
              var y = o.type, m = o.stateNode;
              if (!(o.flags & 128) && (typeof y.getDerivedStateFromError == "function" || m !== null && typeof m.componentDidCatch == "function" && (yn === null || !yn.has(m)))) {
                o.flags |= 65536, t &= -t, o.lanes |= t;
                var w = Tg(o, l, t);
                Ff(o, w);
                break e;
              }
          }
          o = o.return;
        } while (o !== null);
      }
      Kg(n);
    } catch (S) {
      t = S, Ee === n && n !== null && (Ee = n = n.return);
      continue;
    }
    break;
  } while (!0);
}
function Gg() {
  var e = vs.current;
  return vs.current = ys, e === null ? ys : e;
}
function pc() {
  (Ne === 0 || Ne === 3 || Ne === 2) && (Ne = 4), Ie === null || !(Yn & 268435455) && !(Qs & 268435455) || an(Ie, Te);
}
function Es(e, t) {
  var n = oe;
  oe |= 2;
  var r = Gg();
  (Ie !== e || Te !== t) && (Ft = null, Dn(e, t));
  do
    try {
      Z1();
      break;
    } catch (i) {
      Xg(e, i);
    }
  while (!0);
  if (Ku(), oe = n, vs.current = r, Ee !== null) throw Error(V(261));
  return Ie = null, Te = 0, Ne;
}
function Z1() {
  for (; Ee !== null; ) Qg(Ee);
}
function q1() {
  for (; Ee !== null && !Sw(); ) Qg(Ee);
}
function Qg(e) {
  var t = qg(e.alternate, e, Ye);
  e.memoizedProps = e.pendingProps, t === null ? Kg(e) : Ee = t, uc.current = null;
}
function Kg(e) {
  var t = e;
  do {
    var n = t.alternate;
    if (e = t.return, t.flags & 32768) {
      if (n = U1(n, t), n !== null) {
        n.flags &= 32767, Ee = n;
        return;
      }
      if (e !== null) e.flags |= 32768, e.subtreeFlags = 0, e.deletions = null;
      else {
        Ne = 6, Ee = null;
        return;
      }
    } else if (n = W1(n, t, Ye), n !== null) {
      Ee = n;
      return;
    }
    if (t = t.sibling, t !== null) {
      Ee = t;
      return;
    }
    Ee = t = e;
  } while (t !== null);
  Ne === 0 && (Ne = 5);
}
function bn(e, t, n) {
  var r = le, i = ot.transition;
  try {
    ot.transition = null, le = 1, J1(e, t, n, r);
  } finally {
    ot.transition = i, le = r;
  }
  return null;
}
function J1(e, t, n, r) {
  do
    Sr();
  while (fn !== null);
  if (oe & 6) throw Error(V(327));
  n = e.finishedWork;
  var i = e.finishedLanes;
  if (n === null) return null;
  if (e.finishedWork = null, e.finishedLanes = 0, n === e.current) throw Error(V(177));
  e.callbackNode = null, e.callbackPriority = 0;
  var o = n.lanes | n.childLanes;
  if (Lw(e, o), e === Ie && (Ee = Ie = null, Te = 0), !(n.subtreeFlags & 2064) && !(n.flags & 2064) || ko || (ko = !0, Jg(ns, function() {
    return Sr(), null;
  })), o = (n.flags & 15990) !== 0, n.subtreeFlags & 15990 || o) {
    o = ot.transition, ot.transition = null;
    var s = le;
    le = 1;
    var l = oe;
    oe |= 4, uc.current = null, X1(e, n), Wg(n, e), w1(Ra), is = !!ja, Ra = ja = null, e.current = n, G1(n), kw(), oe = l, le = s, ot.transition = o;
  } else e.current = n;
  if (ko && (ko = !1, fn = e, xs = i), o = e.pendingLanes, o === 0 && (yn = null), Mw(n.stateNode), Ue(e, we()), t !== null) for (r = e.onRecoverableError, n = 0; n < t.length; n++) i = t[n], r(i.value, { componentStack: i.stack, digest: i.digest });
  if (ws) throw ws = !1, e = ru, ru = null, e;
  return xs & 1 && e.tag !== 0 && Sr(), o = e.pendingLanes, o & 1 ? e === iu ? Ei++ : (Ei = 0, iu = e) : Ei = 0, Nn(), null;
}
function Sr() {
  if (fn !== null) {
    var e = $p(xs), t = ot.transition, n = le;
    try {
      if (ot.transition = null, le = 16 > e ? 16 : e, fn === null) var r = !1;
      else {
        if (e = fn, fn = null, xs = 0, oe & 6) throw Error(V(331));
        var i = oe;
        for (oe |= 4, U = e.current; U !== null; ) {
          var o = U, s = o.child;
          if (U.flags & 16) {
            var l = o.deletions;
            if (l !== null) {
              for (var a = 0; a < l.length; a++) {
                var u = l[a];
                for (U = u; U !== null; ) {
                  var c = U;
                  switch (c.tag) {
                    case 0:
                    case 11:
                    case 15:
                      wi(8, c, o);
                  }
                  var d = c.child;
                  if (d !== null) d.return = c, U = d;
                  else for (; U !== null; ) {
                    c = U;
                    var f = c.sibling, p = c.return;
                    if (Hg(c), c === u) {
                      U = null;
                      break;
                    }
                    if (f !== null) {
                      f.return = p, U = f;
                      break;
                    }
                    U = p;
                  }
                }
              }
              var h = o.alternate;
              if (h !== null) {
                var v = h.child;
                if (v !== null) {
                  h.child = null;
                  do {
                    var E = v.sibling;
                    v.sibling = null, v = E;
                  } while (v !== null);
                }
              }
              U = o;
            }
          }
          if (o.subtreeFlags & 2064 && s !== null) s.return = o, U = s;
          else e: for (; U !== null; ) {
            if (o = U, o.flags & 2048) switch (o.tag) {
              case 0:
              case 11:
              case 15:
                wi(9, o, o.return);
            }
            var g = o.sibling;
            if (g !== null) {
              g.return = o.return, U = g;
              break e;
            }
            U = o.return;
          }
        }
        var y = e.current;
        for (U = y; U !== null; ) {
          s = U;
          var m = s.child;
          if (s.subtreeFlags & 2064 && m !== null) m.return = s, U = m;
          else e: for (s = y; U !== null; ) {
            if (l = U, l.flags & 2048) try {
              switch (l.tag) {
                case 0:
                case 11:
                case 15:
                  Gs(9, l);
              }
            } catch (S) {
              ve(l, l.return, S);
            }
            if (l === s) {
              U = null;
              break e;
            }
            var w = l.sibling;
            if (w !== null) {
              w.return = l.return, U = w;
              break e;
            }
            U = l.return;
          }
        }
        if (oe = i, Nn(), Tt && typeof Tt.onPostCommitFiberRoot == "function") try {
          Tt.onPostCommitFiberRoot(Fs, e);
        } catch {
        }
        r = !0;
      }
      return r;
    } finally {
      le = n, ot.transition = t;
    }
  }
  return !1;
}
function ld(e, t, n) {
  t = Lr(n, t), t = $g(e, t, 1), e = mn(e, t, 1), t = De(), e !== null && (Zi(e, 1, t), Ue(e, t));
}
function ve(e, t, n) {
  if (e.tag === 3) ld(e, e, n);
  else for (; t !== null; ) {
    if (t.tag === 3) {
      ld(t, e, n);
      break;
    } else if (t.tag === 1) {
      var r = t.stateNode;
      if (typeof t.type.getDerivedStateFromError == "function" || typeof r.componentDidCatch == "function" && (yn === null || !yn.has(r))) {
        e = Lr(n, e), e = Tg(t, e, 1), t = mn(t, e, 1), e = De(), t !== null && (Zi(t, 1, e), Ue(t, e));
        break;
      }
    }
    t = t.return;
  }
}
function ex(e, t, n) {
  var r = e.pingCache;
  r !== null && r.delete(t), t = De(), e.pingedLanes |= e.suspendedLanes & n, Ie === e && (Te & n) === n && (Ne === 4 || Ne === 3 && (Te & 130023424) === Te && 500 > we() - fc ? Dn(e, 0) : cc |= n), Ue(e, t);
}
function Zg(e, t) {
  t === 0 && (e.mode & 1 ? (t = po, po <<= 1, !(po & 130023424) && (po = 4194304)) : t = 1);
  var n = De();
  e = Kt(e, t), e !== null && (Zi(e, t, n), Ue(e, n));
}
function tx(e) {
  var t = e.memoizedState, n = 0;
  t !== null && (n = t.retryLane), Zg(e, n);
}
function nx(e, t) {
  var n = 0;
  switch (e.tag) {
    case 13:
      var r = e.stateNode, i = e.memoizedState;
      i !== null && (n = i.retryLane);
      break;
    case 19:
      r = e.stateNode;
      break;
    default:
      throw Error(V(314));
  }
  r !== null && r.delete(t), Zg(e, n);
}
var qg;
qg = function(e, t, n) {
  if (e !== null) if (e.memoizedProps !== t.pendingProps || Be.current) Ve = !0;
  else {
    if (!(e.lanes & n) && !(t.flags & 128)) return Ve = !1, B1(e, t, n);
    Ve = !!(e.flags & 131072);
  }
  else Ve = !1, he && t.flags & 1048576 && ng(t, fs, t.index);
  switch (t.lanes = 0, t.tag) {
    case 2:
      var r = t.type;
      Wo(e, t), e = t.pendingProps;
      var i = Pr(t, je.current);
      _r(t, n), i = ic(null, t, r, e, i, n);
      var o = oc();
      return t.flags |= 1, typeof i == "object" && i !== null && typeof i.render == "function" && i.$$typeof === void 0 ? (t.tag = 1, t.memoizedState = null, t.updateQueue = null, We(r) ? (o = !0, us(t)) : o = !1, t.memoizedState = i.state !== null && i.state !== void 0 ? i.state : null, Ju(t), i.updater = Xs, t.stateNode = i, i._reactInternals = t, Ya(t, r, e, n), t = Qa(null, t, r, !0, o, n)) : (t.tag = 0, he && o && Yu(t), Re(null, t, i, n), t = t.child), t;
    case 16:
      r = t.elementType;
      e: {
        switch (Wo(e, t), e = t.pendingProps, i = r._init, r = i(r._payload), t.type = r, i = t.tag = ix(r), e = ft(r, e), i) {
          case 0:
            t = Ga(null, t, r, e, n);
            break e;
          case 1:
            t = Zf(null, t, r, e, n);
            break e;
          case 11:
            t = Qf(null, t, r, e, n);
            break e;
          case 14:
            t = Kf(null, t, r, ft(r.type, e), n);
            break e;
        }
        throw Error(V(
          306,
          r,
          ""
        ));
      }
      return t;
    case 0:
      return r = t.type, i = t.pendingProps, i = t.elementType === r ? i : ft(r, i), Ga(e, t, r, i, n);
    case 1:
      return r = t.type, i = t.pendingProps, i = t.elementType === r ? i : ft(r, i), Zf(e, t, r, i, n);
    case 3:
      e: {
        if (Og(t), e === null) throw Error(V(387));
        r = t.pendingProps, o = t.memoizedState, i = o.element, ag(e, t), ps(t, r, null, n);
        var s = t.memoizedState;
        if (r = s.element, o.isDehydrated) if (o = { element: r, isDehydrated: !1, cache: s.cache, pendingSuspenseBoundaries: s.pendingSuspenseBoundaries, transitions: s.transitions }, t.updateQueue.baseState = o, t.memoizedState = o, t.flags & 256) {
          i = Lr(Error(V(423)), t), t = qf(e, t, r, n, i);
          break e;
        } else if (r !== i) {
          i = Lr(Error(V(424)), t), t = qf(e, t, r, n, i);
          break e;
        } else for (Ge = gn(t.stateNode.containerInfo.firstChild), Qe = t, he = !0, pt = null, n = sg(t, null, r, n), t.child = n; n; ) n.flags = n.flags & -3 | 4096, n = n.sibling;
        else {
          if ($r(), r === i) {
            t = Zt(e, t, n);
            break e;
          }
          Re(e, t, r, n);
        }
        t = t.child;
      }
      return t;
    case 5:
      return ug(t), e === null && Ba(t), r = t.type, i = t.pendingProps, o = e !== null ? e.memoizedProps : null, s = i.children, Da(r, i) ? s = null : o !== null && Da(r, o) && (t.flags |= 32), zg(e, t), Re(e, t, s, n), t.child;
    case 6:
      return e === null && Ba(t), null;
    case 13:
      return jg(e, t, n);
    case 4:
      return ec(t, t.stateNode.containerInfo), r = t.pendingProps, e === null ? t.child = Tr(t, null, r, n) : Re(e, t, r, n), t.child;
    case 11:
      return r = t.type, i = t.pendingProps, i = t.elementType === r ? i : ft(r, i), Qf(e, t, r, i, n);
    case 7:
      return Re(e, t, t.pendingProps, n), t.child;
    case 8:
      return Re(e, t, t.pendingProps.children, n), t.child;
    case 12:
      return Re(e, t, t.pendingProps.children, n), t.child;
    case 10:
      e: {
        if (r = t.type._context, i = t.pendingProps, o = t.memoizedProps, s = i.value, ue(ds, r._currentValue), r._currentValue = s, o !== null) if (xt(o.value, s)) {
          if (o.children === i.children && !Be.current) {
            t = Zt(e, t, n);
            break e;
          }
        } else for (o = t.child, o !== null && (o.return = t); o !== null; ) {
          var l = o.dependencies;
          if (l !== null) {
            s = o.child;
            for (var a = l.firstContext; a !== null; ) {
              if (a.context === r) {
                if (o.tag === 1) {
                  a = Xt(-1, n & -n), a.tag = 2;
                  var u = o.updateQueue;
                  if (u !== null) {
                    u = u.shared;
                    var c = u.pending;
                    c === null ? a.next = a : (a.next = c.next, c.next = a), u.pending = a;
                  }
                }
                o.lanes |= n, a = o.alternate, a !== null && (a.lanes |= n), Wa(
                  o.return,
                  n,
                  t
                ), l.lanes |= n;
                break;
              }
              a = a.next;
            }
          } else if (o.tag === 10) s = o.type === t.type ? null : o.child;
          else if (o.tag === 18) {
            if (s = o.return, s === null) throw Error(V(341));
            s.lanes |= n, l = s.alternate, l !== null && (l.lanes |= n), Wa(s, n, t), s = o.sibling;
          } else s = o.child;
          if (s !== null) s.return = o;
          else for (s = o; s !== null; ) {
            if (s === t) {
              s = null;
              break;
            }
            if (o = s.sibling, o !== null) {
              o.return = s.return, s = o;
              break;
            }
            s = s.return;
          }
          o = s;
        }
        Re(e, t, i.children, n), t = t.child;
      }
      return t;
    case 9:
      return i = t.type, r = t.pendingProps.children, _r(t, n), i = st(i), r = r(i), t.flags |= 1, Re(e, t, r, n), t.child;
    case 14:
      return r = t.type, i = ft(r, t.pendingProps), i = ft(r.type, i), Kf(e, t, r, i, n);
    case 15:
      return bg(e, t, t.type, t.pendingProps, n);
    case 17:
      return r = t.type, i = t.pendingProps, i = t.elementType === r ? i : ft(r, i), Wo(e, t), t.tag = 1, We(r) ? (e = !0, us(t)) : e = !1, _r(t, n), Pg(t, r, i), Ya(t, r, i, n), Qa(null, t, r, !0, e, n);
    case 19:
      return Rg(e, t, n);
    case 22:
      return Lg(e, t, n);
  }
  throw Error(V(156, t.tag));
};
function Jg(e, t) {
  return Cp(e, t);
}
function rx(e, t, n, r) {
  this.tag = e, this.key = n, this.sibling = this.child = this.return = this.stateNode = this.type = this.elementType = null, this.index = 0, this.ref = null, this.pendingProps = t, this.dependencies = this.memoizedState = this.updateQueue = this.memoizedProps = null, this.mode = r, this.subtreeFlags = this.flags = 0, this.deletions = null, this.childLanes = this.lanes = 0, this.alternate = null;
}
function it(e, t, n, r) {
  return new rx(e, t, n, r);
}
function gc(e) {
  return e = e.prototype, !(!e || !e.isReactComponent);
}
function ix(e) {
  if (typeof e == "function") return gc(e) ? 1 : 0;
  if (e != null) {
    if (e = e.$$typeof, e === zu) return 11;
    if (e === Ou) return 14;
  }
  return 2;
}
function wn(e, t) {
  var n = e.alternate;
  return n === null ? (n = it(e.tag, t, e.key, e.mode), n.elementType = e.elementType, n.type = e.type, n.stateNode = e.stateNode, n.alternate = e, e.alternate = n) : (n.pendingProps = t, n.type = e.type, n.flags = 0, n.subtreeFlags = 0, n.deletions = null), n.flags = e.flags & 14680064, n.childLanes = e.childLanes, n.lanes = e.lanes, n.child = e.child, n.memoizedProps = e.memoizedProps, n.memoizedState = e.memoizedState, n.updateQueue = e.updateQueue, t = e.dependencies, n.dependencies = t === null ? null : { lanes: t.lanes, firstContext: t.firstContext }, n.sibling = e.sibling, n.index = e.index, n.ref = e.ref, n;
}
function Xo(e, t, n, r, i, o) {
  var s = 2;
  if (r = e, typeof e == "function") gc(e) && (s = 1);
  else if (typeof e == "string") s = 5;
  else e: switch (e) {
    case sr:
      return An(n.children, i, o, t);
    case Lu:
      s = 8, i |= 8;
      break;
    case ma:
      return e = it(12, n, t, i | 2), e.elementType = ma, e.lanes = o, e;
    case ya:
      return e = it(13, n, t, i), e.elementType = ya, e.lanes = o, e;
    case va:
      return e = it(19, n, t, i), e.elementType = va, e.lanes = o, e;
    case up:
      return Ks(n, i, o, t);
    default:
      if (typeof e == "object" && e !== null) switch (e.$$typeof) {
        case lp:
          s = 10;
          break e;
        case ap:
          s = 9;
          break e;
        case zu:
          s = 11;
          break e;
        case Ou:
          s = 14;
          break e;
        case rn:
          s = 16, r = null;
          break e;
      }
      throw Error(V(130, e == null ? e : typeof e, ""));
  }
  return t = it(s, n, t, i), t.elementType = e, t.type = r, t.lanes = o, t;
}
function An(e, t, n, r) {
  return e = it(7, e, r, t), e.lanes = n, e;
}
function Ks(e, t, n, r) {
  return e = it(22, e, r, t), e.elementType = up, e.lanes = n, e.stateNode = { isHidden: !1 }, e;
}
function Xl(e, t, n) {
  return e = it(6, e, null, t), e.lanes = n, e;
}
function Gl(e, t, n) {
  return t = it(4, e.children !== null ? e.children : [], e.key, t), t.lanes = n, t.stateNode = { containerInfo: e.containerInfo, pendingChildren: null, implementation: e.implementation }, t;
}
function ox(e, t, n, r, i) {
  this.tag = t, this.containerInfo = e, this.finishedWork = this.pingCache = this.current = this.pendingChildren = null, this.timeoutHandle = -1, this.callbackNode = this.pendingContext = this.context = null, this.callbackPriority = 0, this.eventTimes = Il(0), this.expirationTimes = Il(-1), this.entangledLanes = this.finishedLanes = this.mutableReadLanes = this.expiredLanes = this.pingedLanes = this.suspendedLanes = this.pendingLanes = 0, this.entanglements = Il(0), this.identifierPrefix = r, this.onRecoverableError = i, this.mutableSourceEagerHydrationData = null;
}
function mc(e, t, n, r, i, o, s, l, a) {
  return e = new ox(e, t, n, l, a), t === 1 ? (t = 1, o === !0 && (t |= 8)) : t = 0, o = it(3, null, null, t), e.current = o, o.stateNode = e, o.memoizedState = { element: r, isDehydrated: n, cache: null, transitions: null, pendingSuspenseBoundaries: null }, Ju(o), e;
}
function sx(e, t, n) {
  var r = 3 < arguments.length && arguments[3] !== void 0 ? arguments[3] : null;
  return { $$typeof: or, key: r == null ? null : "" + r, children: e, containerInfo: t, implementation: n };
}
function em(e) {
  if (!e) return _n;
  e = e._reactInternals;
  e: {
    if (tr(e) !== e || e.tag !== 1) throw Error(V(170));
    var t = e;
    do {
      switch (t.tag) {
        case 3:
          t = t.stateNode.context;
          break e;
        case 1:
          if (We(t.type)) {
            t = t.stateNode.__reactInternalMemoizedMergedChildContext;
            break e;
          }
      }
      t = t.return;
    } while (t !== null);
    throw Error(V(171));
  }
  if (e.tag === 1) {
    var n = e.type;
    if (We(n)) return eg(e, n, t);
  }
  return t;
}
function tm(e, t, n, r, i, o, s, l, a) {
  return e = mc(n, r, !0, e, i, o, s, l, a), e.context = em(null), n = e.current, r = De(), i = vn(n), o = Xt(r, i), o.callback = t ?? null, mn(n, o, i), e.current.lanes = i, Zi(e, i, r), Ue(e, r), e;
}
function Zs(e, t, n, r) {
  var i = t.current, o = De(), s = vn(i);
  return n = em(n), t.context === null ? t.context = n : t.pendingContext = n, t = Xt(o, s), t.payload = { element: e }, r = r === void 0 ? null : r, r !== null && (t.callback = r), e = mn(i, t, s), e !== null && (wt(e, i, s, o), Ho(e, i, s)), s;
}
function _s(e) {
  if (e = e.current, !e.child) return null;
  switch (e.child.tag) {
    case 5:
      return e.child.stateNode;
    default:
      return e.child.stateNode;
  }
}
function ad(e, t) {
  if (e = e.memoizedState, e !== null && e.dehydrated !== null) {
    var n = e.retryLane;
    e.retryLane = n !== 0 && n < t ? n : t;
  }
}
function yc(e, t) {
  ad(e, t), (e = e.alternate) && ad(e, t);
}
function lx() {
  return null;
}
var nm = typeof reportError == "function" ? reportError : function(e) {
  console.error(e);
};
function vc(e) {
  this._internalRoot = e;
}
qs.prototype.render = vc.prototype.render = function(e) {
  var t = this._internalRoot;
  if (t === null) throw Error(V(409));
  Zs(e, t, null, null);
};
qs.prototype.unmount = vc.prototype.unmount = function() {
  var e = this._internalRoot;
  if (e !== null) {
    this._internalRoot = null;
    var t = e.containerInfo;
    Xn(function() {
      Zs(null, e, null, null);
    }), t[Qt] = null;
  }
};
function qs(e) {
  this._internalRoot = e;
}
qs.prototype.unstable_scheduleHydration = function(e) {
  if (e) {
    var t = Lp();
    e = { blockedOn: null, target: e, priority: t };
    for (var n = 0; n < ln.length && t !== 0 && t < ln[n].priority; n++) ;
    ln.splice(n, 0, e), n === 0 && Op(e);
  }
};
function wc(e) {
  return !(!e || e.nodeType !== 1 && e.nodeType !== 9 && e.nodeType !== 11);
}
function Js(e) {
  return !(!e || e.nodeType !== 1 && e.nodeType !== 9 && e.nodeType !== 11 && (e.nodeType !== 8 || e.nodeValue !== " react-mount-point-unstable "));
}
function ud() {
}
function ax(e, t, n, r, i) {
  if (i) {
    if (typeof r == "function") {
      var o = r;
      r = function() {
        var u = _s(s);
        o.call(u);
      };
    }
    var s = tm(t, r, e, 0, null, !1, !1, "", ud);
    return e._reactRootContainer = s, e[Qt] = s.current, bi(e.nodeType === 8 ? e.parentNode : e), Xn(), s;
  }
  for (; i = e.lastChild; ) e.removeChild(i);
  if (typeof r == "function") {
    var l = r;
    r = function() {
      var u = _s(a);
      l.call(u);
    };
  }
  var a = mc(e, 0, !1, null, null, !1, !1, "", ud);
  return e._reactRootContainer = a, e[Qt] = a.current, bi(e.nodeType === 8 ? e.parentNode : e), Xn(function() {
    Zs(t, a, n, r);
  }), a;
}
function el(e, t, n, r, i) {
  var o = n._reactRootContainer;
  if (o) {
    var s = o;
    if (typeof i == "function") {
      var l = i;
      i = function() {
        var a = _s(s);
        l.call(a);
      };
    }
    Zs(t, s, e, i);
  } else s = ax(n, t, e, i, r);
  return _s(s);
}
Tp = function(e) {
  switch (e.tag) {
    case 3:
      var t = e.stateNode;
      if (t.current.memoizedState.isDehydrated) {
        var n = ai(t.pendingLanes);
        n !== 0 && (Du(t, n | 1), Ue(t, we()), !(oe & 6) && (zr = we() + 500, Nn()));
      }
      break;
    case 13:
      Xn(function() {
        var r = Kt(e, 1);
        if (r !== null) {
          var i = De();
          wt(r, e, 1, i);
        }
      }), yc(e, 1);
  }
};
Au = function(e) {
  if (e.tag === 13) {
    var t = Kt(e, 134217728);
    if (t !== null) {
      var n = De();
      wt(t, e, 134217728, n);
    }
    yc(e, 134217728);
  }
};
bp = function(e) {
  if (e.tag === 13) {
    var t = vn(e), n = Kt(e, t);
    if (n !== null) {
      var r = De();
      wt(n, e, t, r);
    }
    yc(e, t);
  }
};
Lp = function() {
  return le;
};
zp = function(e, t) {
  var n = le;
  try {
    return le = e, t();
  } finally {
    le = n;
  }
};
Ia = function(e, t, n) {
  switch (t) {
    case "input":
      if (Ea(e, n), t = n.name, n.type === "radio" && t != null) {
        for (n = e; n.parentNode; ) n = n.parentNode;
        for (n = n.querySelectorAll("input[name=" + JSON.stringify("" + t) + '][type="radio"]'), t = 0; t < n.length; t++) {
          var r = n[t];
          if (r !== e && r.form === e.form) {
            var i = Ws(r);
            if (!i) throw Error(V(90));
            fp(r), Ea(r, i);
          }
        }
      }
      break;
    case "textarea":
      hp(e, n);
      break;
    case "select":
      t = n.value, t != null && vr(e, !!n.multiple, t, !1);
  }
};
xp = dc;
Ep = Xn;
var ux = { usingClientEntryPoint: !1, Events: [Ji, cr, Ws, vp, wp, dc] }, ri = { findFiberByHostInstance: zn, bundleType: 0, version: "18.3.1", rendererPackageName: "react-dom" }, cx = { bundleType: ri.bundleType, version: ri.version, rendererPackageName: ri.rendererPackageName, rendererConfig: ri.rendererConfig, overrideHookState: null, overrideHookStateDeletePath: null, overrideHookStateRenamePath: null, overrideProps: null, overridePropsDeletePath: null, overridePropsRenamePath: null, setErrorHandler: null, setSuspenseHandler: null, scheduleUpdate: null, currentDispatcherRef: Jt.ReactCurrentDispatcher, findHostInstanceByFiber: function(e) {
  return e = kp(e), e === null ? null : e.stateNode;
}, findFiberByHostInstance: ri.findFiberByHostInstance || lx, findHostInstancesForRefresh: null, scheduleRefresh: null, scheduleRoot: null, setRefreshHandler: null, getCurrentFiber: null, reconcilerVersion: "18.3.1-next-f1338f8080-20240426" };
if (typeof __REACT_DEVTOOLS_GLOBAL_HOOK__ < "u") {
  var No = __REACT_DEVTOOLS_GLOBAL_HOOK__;
  if (!No.isDisabled && No.supportsFiber) try {
    Fs = No.inject(cx), Tt = No;
  } catch {
  }
}
qe.__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED = ux;
qe.createPortal = function(e, t) {
  var n = 2 < arguments.length && arguments[2] !== void 0 ? arguments[2] : null;
  if (!wc(t)) throw Error(V(200));
  return sx(e, t, null, n);
};
qe.createRoot = function(e, t) {
  if (!wc(e)) throw Error(V(299));
  var n = !1, r = "", i = nm;
  return t != null && (t.unstable_strictMode === !0 && (n = !0), t.identifierPrefix !== void 0 && (r = t.identifierPrefix), t.onRecoverableError !== void 0 && (i = t.onRecoverableError)), t = mc(e, 1, !1, null, null, n, !1, r, i), e[Qt] = t.current, bi(e.nodeType === 8 ? e.parentNode : e), new vc(t);
};
qe.findDOMNode = function(e) {
  if (e == null) return null;
  if (e.nodeType === 1) return e;
  var t = e._reactInternals;
  if (t === void 0)
    throw typeof e.render == "function" ? Error(V(188)) : (e = Object.keys(e).join(","), Error(V(268, e)));
  return e = kp(t), e = e === null ? null : e.stateNode, e;
};
qe.flushSync = function(e) {
  return Xn(e);
};
qe.hydrate = function(e, t, n) {
  if (!Js(t)) throw Error(V(200));
  return el(null, e, t, !0, n);
};
qe.hydrateRoot = function(e, t, n) {
  if (!wc(e)) throw Error(V(405));
  var r = n != null && n.hydratedSources || null, i = !1, o = "", s = nm;
  if (n != null && (n.unstable_strictMode === !0 && (i = !0), n.identifierPrefix !== void 0 && (o = n.identifierPrefix), n.onRecoverableError !== void 0 && (s = n.onRecoverableError)), t = tm(t, null, e, 1, n ?? null, i, !1, o, s), e[Qt] = t.current, bi(e), r) for (e = 0; e < r.length; e++) n = r[e], i = n._getVersion, i = i(n._source), t.mutableSourceEagerHydrationData == null ? t.mutableSourceEagerHydrationData = [n, i] : t.mutableSourceEagerHydrationData.push(
    n,
    i
  );
  return new qs(t);
};
qe.render = function(e, t, n) {
  if (!Js(t)) throw Error(V(200));
  return el(null, e, t, !1, n);
};
qe.unmountComponentAtNode = function(e) {
  if (!Js(e)) throw Error(V(40));
  return e._reactRootContainer ? (Xn(function() {
    el(null, null, e, !1, function() {
      e._reactRootContainer = null, e[Qt] = null;
    });
  }), !0) : !1;
};
qe.unstable_batchedUpdates = dc;
qe.unstable_renderSubtreeIntoContainer = function(e, t, n, r) {
  if (!Js(n)) throw Error(V(200));
  if (e == null || e._reactInternals === void 0) throw Error(V(38));
  return el(e, t, n, !1, r);
};
qe.version = "18.3.1-next-f1338f8080-20240426";
function rm() {
  if (!(typeof __REACT_DEVTOOLS_GLOBAL_HOOK__ > "u" || typeof __REACT_DEVTOOLS_GLOBAL_HOOK__.checkDCE != "function"))
    try {
      __REACT_DEVTOOLS_GLOBAL_HOOK__.checkDCE(rm);
    } catch (e) {
      console.error(e);
    }
}
rm(), rp.exports = qe;
var fx = rp.exports, im, cd = fx;
im = cd.createRoot, cd.hydrateRoot;
function Se(e) {
  if (typeof e == "string" || typeof e == "number") return "" + e;
  let t = "";
  if (Array.isArray(e))
    for (let n = 0, r; n < e.length; n++)
      (r = Se(e[n])) !== "" && (t += (t && " ") + r);
  else
    for (let n in e)
      e[n] && (t += (t && " ") + n);
  return t;
}
var dx = { value: () => {
} };
function tl() {
  for (var e = 0, t = arguments.length, n = {}, r; e < t; ++e) {
    if (!(r = arguments[e] + "") || r in n || /[\s.]/.test(r)) throw new Error("illegal type: " + r);
    n[r] = [];
  }
  return new Go(n);
}
function Go(e) {
  this._ = e;
}
function hx(e, t) {
  return e.trim().split(/^|\s+/).map(function(n) {
    var r = "", i = n.indexOf(".");
    if (i >= 0 && (r = n.slice(i + 1), n = n.slice(0, i)), n && !t.hasOwnProperty(n)) throw new Error("unknown type: " + n);
    return { type: n, name: r };
  });
}
Go.prototype = tl.prototype = {
  constructor: Go,
  on: function(e, t) {
    var n = this._, r = hx(e + "", n), i, o = -1, s = r.length;
    if (arguments.length < 2) {
      for (; ++o < s; ) if ((i = (e = r[o]).type) && (i = px(n[i], e.name))) return i;
      return;
    }
    if (t != null && typeof t != "function") throw new Error("invalid callback: " + t);
    for (; ++o < s; )
      if (i = (e = r[o]).type) n[i] = fd(n[i], e.name, t);
      else if (t == null) for (i in n) n[i] = fd(n[i], e.name, null);
    return this;
  },
  copy: function() {
    var e = {}, t = this._;
    for (var n in t) e[n] = t[n].slice();
    return new Go(e);
  },
  call: function(e, t) {
    if ((i = arguments.length - 2) > 0) for (var n = new Array(i), r = 0, i, o; r < i; ++r) n[r] = arguments[r + 2];
    if (!this._.hasOwnProperty(e)) throw new Error("unknown type: " + e);
    for (o = this._[e], r = 0, i = o.length; r < i; ++r) o[r].value.apply(t, n);
  },
  apply: function(e, t, n) {
    if (!this._.hasOwnProperty(e)) throw new Error("unknown type: " + e);
    for (var r = this._[e], i = 0, o = r.length; i < o; ++i) r[i].value.apply(t, n);
  }
};
function px(e, t) {
  for (var n = 0, r = e.length, i; n < r; ++n)
    if ((i = e[n]).name === t)
      return i.value;
}
function fd(e, t, n) {
  for (var r = 0, i = e.length; r < i; ++r)
    if (e[r].name === t) {
      e[r] = dx, e = e.slice(0, r).concat(e.slice(r + 1));
      break;
    }
  return n != null && e.push({ name: t, value: n }), e;
}
var lu = "http://www.w3.org/1999/xhtml", dd = {
  svg: "http://www.w3.org/2000/svg",
  xhtml: lu,
  xlink: "http://www.w3.org/1999/xlink",
  xml: "http://www.w3.org/XML/1998/namespace",
  xmlns: "http://www.w3.org/2000/xmlns/"
};
function nl(e) {
  var t = e += "", n = t.indexOf(":");
  return n >= 0 && (t = e.slice(0, n)) !== "xmlns" && (e = e.slice(n + 1)), dd.hasOwnProperty(t) ? { space: dd[t], local: e } : e;
}
function gx(e) {
  return function() {
    var t = this.ownerDocument, n = this.namespaceURI;
    return n === lu && t.documentElement.namespaceURI === lu ? t.createElement(e) : t.createElementNS(n, e);
  };
}
function mx(e) {
  return function() {
    return this.ownerDocument.createElementNS(e.space, e.local);
  };
}
function om(e) {
  var t = nl(e);
  return (t.local ? mx : gx)(t);
}
function yx() {
}
function xc(e) {
  return e == null ? yx : function() {
    return this.querySelector(e);
  };
}
function vx(e) {
  typeof e != "function" && (e = xc(e));
  for (var t = this._groups, n = t.length, r = new Array(n), i = 0; i < n; ++i)
    for (var o = t[i], s = o.length, l = r[i] = new Array(s), a, u, c = 0; c < s; ++c)
      (a = o[c]) && (u = e.call(a, a.__data__, c, o)) && ("__data__" in a && (u.__data__ = a.__data__), l[c] = u);
  return new Ze(r, this._parents);
}
function wx(e) {
  return e == null ? [] : Array.isArray(e) ? e : Array.from(e);
}
function xx() {
  return [];
}
function sm(e) {
  return e == null ? xx : function() {
    return this.querySelectorAll(e);
  };
}
function Ex(e) {
  return function() {
    return wx(e.apply(this, arguments));
  };
}
function _x(e) {
  typeof e == "function" ? e = Ex(e) : e = sm(e);
  for (var t = this._groups, n = t.length, r = [], i = [], o = 0; o < n; ++o)
    for (var s = t[o], l = s.length, a, u = 0; u < l; ++u)
      (a = s[u]) && (r.push(e.call(a, a.__data__, u, s)), i.push(a));
  return new Ze(r, i);
}
function lm(e) {
  return function() {
    return this.matches(e);
  };
}
function am(e) {
  return function(t) {
    return t.matches(e);
  };
}
var Sx = Array.prototype.find;
function kx(e) {
  return function() {
    return Sx.call(this.children, e);
  };
}
function Nx() {
  return this.firstElementChild;
}
function Cx(e) {
  return this.select(e == null ? Nx : kx(typeof e == "function" ? e : am(e)));
}
var Mx = Array.prototype.filter;
function Ix() {
  return Array.from(this.children);
}
function Px(e) {
  return function() {
    return Mx.call(this.children, e);
  };
}
function $x(e) {
  return this.selectAll(e == null ? Ix : Px(typeof e == "function" ? e : am(e)));
}
function Tx(e) {
  typeof e != "function" && (e = lm(e));
  for (var t = this._groups, n = t.length, r = new Array(n), i = 0; i < n; ++i)
    for (var o = t[i], s = o.length, l = r[i] = [], a, u = 0; u < s; ++u)
      (a = o[u]) && e.call(a, a.__data__, u, o) && l.push(a);
  return new Ze(r, this._parents);
}
function um(e) {
  return new Array(e.length);
}
function bx() {
  return new Ze(this._enter || this._groups.map(um), this._parents);
}
function Ss(e, t) {
  this.ownerDocument = e.ownerDocument, this.namespaceURI = e.namespaceURI, this._next = null, this._parent = e, this.__data__ = t;
}
Ss.prototype = {
  constructor: Ss,
  appendChild: function(e) {
    return this._parent.insertBefore(e, this._next);
  },
  insertBefore: function(e, t) {
    return this._parent.insertBefore(e, t);
  },
  querySelector: function(e) {
    return this._parent.querySelector(e);
  },
  querySelectorAll: function(e) {
    return this._parent.querySelectorAll(e);
  }
};
function Lx(e) {
  return function() {
    return e;
  };
}
function zx(e, t, n, r, i, o) {
  for (var s = 0, l, a = t.length, u = o.length; s < u; ++s)
    (l = t[s]) ? (l.__data__ = o[s], r[s] = l) : n[s] = new Ss(e, o[s]);
  for (; s < a; ++s)
    (l = t[s]) && (i[s] = l);
}
function Ox(e, t, n, r, i, o, s) {
  var l, a, u = /* @__PURE__ */ new Map(), c = t.length, d = o.length, f = new Array(c), p;
  for (l = 0; l < c; ++l)
    (a = t[l]) && (f[l] = p = s.call(a, a.__data__, l, t) + "", u.has(p) ? i[l] = a : u.set(p, a));
  for (l = 0; l < d; ++l)
    p = s.call(e, o[l], l, o) + "", (a = u.get(p)) ? (r[l] = a, a.__data__ = o[l], u.delete(p)) : n[l] = new Ss(e, o[l]);
  for (l = 0; l < c; ++l)
    (a = t[l]) && u.get(f[l]) === a && (i[l] = a);
}
function jx(e) {
  return e.__data__;
}
function Rx(e, t) {
  if (!arguments.length) return Array.from(this, jx);
  var n = t ? Ox : zx, r = this._parents, i = this._groups;
  typeof e != "function" && (e = Lx(e));
  for (var o = i.length, s = new Array(o), l = new Array(o), a = new Array(o), u = 0; u < o; ++u) {
    var c = r[u], d = i[u], f = d.length, p = Dx(e.call(c, c && c.__data__, u, r)), h = p.length, v = l[u] = new Array(h), E = s[u] = new Array(h), g = a[u] = new Array(f);
    n(c, d, v, E, g, p, t);
    for (var y = 0, m = 0, w, S; y < h; ++y)
      if (w = v[y]) {
        for (y >= m && (m = y + 1); !(S = E[m]) && ++m < h; ) ;
        w._next = S || null;
      }
  }
  return s = new Ze(s, r), s._enter = l, s._exit = a, s;
}
function Dx(e) {
  return typeof e == "object" && "length" in e ? e : Array.from(e);
}
function Ax() {
  return new Ze(this._exit || this._groups.map(um), this._parents);
}
function Fx(e, t, n) {
  var r = this.enter(), i = this, o = this.exit();
  return typeof e == "function" ? (r = e(r), r && (r = r.selection())) : r = r.append(e + ""), t != null && (i = t(i), i && (i = i.selection())), n == null ? o.remove() : n(o), r && i ? r.merge(i).order() : i;
}
function Hx(e) {
  for (var t = e.selection ? e.selection() : e, n = this._groups, r = t._groups, i = n.length, o = r.length, s = Math.min(i, o), l = new Array(i), a = 0; a < s; ++a)
    for (var u = n[a], c = r[a], d = u.length, f = l[a] = new Array(d), p, h = 0; h < d; ++h)
      (p = u[h] || c[h]) && (f[h] = p);
  for (; a < i; ++a)
    l[a] = n[a];
  return new Ze(l, this._parents);
}
function Vx() {
  for (var e = this._groups, t = -1, n = e.length; ++t < n; )
    for (var r = e[t], i = r.length - 1, o = r[i], s; --i >= 0; )
      (s = r[i]) && (o && s.compareDocumentPosition(o) ^ 4 && o.parentNode.insertBefore(s, o), o = s);
  return this;
}
function Bx(e) {
  e || (e = Wx);
  function t(d, f) {
    return d && f ? e(d.__data__, f.__data__) : !d - !f;
  }
  for (var n = this._groups, r = n.length, i = new Array(r), o = 0; o < r; ++o) {
    for (var s = n[o], l = s.length, a = i[o] = new Array(l), u, c = 0; c < l; ++c)
      (u = s[c]) && (a[c] = u);
    a.sort(t);
  }
  return new Ze(i, this._parents).order();
}
function Wx(e, t) {
  return e < t ? -1 : e > t ? 1 : e >= t ? 0 : NaN;
}
function Ux() {
  var e = arguments[0];
  return arguments[0] = this, e.apply(null, arguments), this;
}
function Yx() {
  return Array.from(this);
}
function Xx() {
  for (var e = this._groups, t = 0, n = e.length; t < n; ++t)
    for (var r = e[t], i = 0, o = r.length; i < o; ++i) {
      var s = r[i];
      if (s) return s;
    }
  return null;
}
function Gx() {
  let e = 0;
  for (const t of this) ++e;
  return e;
}
function Qx() {
  return !this.node();
}
function Kx(e) {
  for (var t = this._groups, n = 0, r = t.length; n < r; ++n)
    for (var i = t[n], o = 0, s = i.length, l; o < s; ++o)
      (l = i[o]) && e.call(l, l.__data__, o, i);
  return this;
}
function Zx(e) {
  return function() {
    this.removeAttribute(e);
  };
}
function qx(e) {
  return function() {
    this.removeAttributeNS(e.space, e.local);
  };
}
function Jx(e, t) {
  return function() {
    this.setAttribute(e, t);
  };
}
function eE(e, t) {
  return function() {
    this.setAttributeNS(e.space, e.local, t);
  };
}
function tE(e, t) {
  return function() {
    var n = t.apply(this, arguments);
    n == null ? this.removeAttribute(e) : this.setAttribute(e, n);
  };
}
function nE(e, t) {
  return function() {
    var n = t.apply(this, arguments);
    n == null ? this.removeAttributeNS(e.space, e.local) : this.setAttributeNS(e.space, e.local, n);
  };
}
function rE(e, t) {
  var n = nl(e);
  if (arguments.length < 2) {
    var r = this.node();
    return n.local ? r.getAttributeNS(n.space, n.local) : r.getAttribute(n);
  }
  return this.each((t == null ? n.local ? qx : Zx : typeof t == "function" ? n.local ? nE : tE : n.local ? eE : Jx)(n, t));
}
function cm(e) {
  return e.ownerDocument && e.ownerDocument.defaultView || e.document && e || e.defaultView;
}
function iE(e) {
  return function() {
    this.style.removeProperty(e);
  };
}
function oE(e, t, n) {
  return function() {
    this.style.setProperty(e, t, n);
  };
}
function sE(e, t, n) {
  return function() {
    var r = t.apply(this, arguments);
    r == null ? this.style.removeProperty(e) : this.style.setProperty(e, r, n);
  };
}
function lE(e, t, n) {
  return arguments.length > 1 ? this.each((t == null ? iE : typeof t == "function" ? sE : oE)(e, t, n ?? "")) : Or(this.node(), e);
}
function Or(e, t) {
  return e.style.getPropertyValue(t) || cm(e).getComputedStyle(e, null).getPropertyValue(t);
}
function aE(e) {
  return function() {
    delete this[e];
  };
}
function uE(e, t) {
  return function() {
    this[e] = t;
  };
}
function cE(e, t) {
  return function() {
    var n = t.apply(this, arguments);
    n == null ? delete this[e] : this[e] = n;
  };
}
function fE(e, t) {
  return arguments.length > 1 ? this.each((t == null ? aE : typeof t == "function" ? cE : uE)(e, t)) : this.node()[e];
}
function fm(e) {
  return e.trim().split(/^|\s+/);
}
function Ec(e) {
  return e.classList || new dm(e);
}
function dm(e) {
  this._node = e, this._names = fm(e.getAttribute("class") || "");
}
dm.prototype = {
  add: function(e) {
    var t = this._names.indexOf(e);
    t < 0 && (this._names.push(e), this._node.setAttribute("class", this._names.join(" ")));
  },
  remove: function(e) {
    var t = this._names.indexOf(e);
    t >= 0 && (this._names.splice(t, 1), this._node.setAttribute("class", this._names.join(" ")));
  },
  contains: function(e) {
    return this._names.indexOf(e) >= 0;
  }
};
function hm(e, t) {
  for (var n = Ec(e), r = -1, i = t.length; ++r < i; ) n.add(t[r]);
}
function pm(e, t) {
  for (var n = Ec(e), r = -1, i = t.length; ++r < i; ) n.remove(t[r]);
}
function dE(e) {
  return function() {
    hm(this, e);
  };
}
function hE(e) {
  return function() {
    pm(this, e);
  };
}
function pE(e, t) {
  return function() {
    (t.apply(this, arguments) ? hm : pm)(this, e);
  };
}
function gE(e, t) {
  var n = fm(e + "");
  if (arguments.length < 2) {
    for (var r = Ec(this.node()), i = -1, o = n.length; ++i < o; ) if (!r.contains(n[i])) return !1;
    return !0;
  }
  return this.each((typeof t == "function" ? pE : t ? dE : hE)(n, t));
}
function mE() {
  this.textContent = "";
}
function yE(e) {
  return function() {
    this.textContent = e;
  };
}
function vE(e) {
  return function() {
    var t = e.apply(this, arguments);
    this.textContent = t ?? "";
  };
}
function wE(e) {
  return arguments.length ? this.each(e == null ? mE : (typeof e == "function" ? vE : yE)(e)) : this.node().textContent;
}
function xE() {
  this.innerHTML = "";
}
function EE(e) {
  return function() {
    this.innerHTML = e;
  };
}
function _E(e) {
  return function() {
    var t = e.apply(this, arguments);
    this.innerHTML = t ?? "";
  };
}
function SE(e) {
  return arguments.length ? this.each(e == null ? xE : (typeof e == "function" ? _E : EE)(e)) : this.node().innerHTML;
}
function kE() {
  this.nextSibling && this.parentNode.appendChild(this);
}
function NE() {
  return this.each(kE);
}
function CE() {
  this.previousSibling && this.parentNode.insertBefore(this, this.parentNode.firstChild);
}
function ME() {
  return this.each(CE);
}
function IE(e) {
  var t = typeof e == "function" ? e : om(e);
  return this.select(function() {
    return this.appendChild(t.apply(this, arguments));
  });
}
function PE() {
  return null;
}
function $E(e, t) {
  var n = typeof e == "function" ? e : om(e), r = t == null ? PE : typeof t == "function" ? t : xc(t);
  return this.select(function() {
    return this.insertBefore(n.apply(this, arguments), r.apply(this, arguments) || null);
  });
}
function TE() {
  var e = this.parentNode;
  e && e.removeChild(this);
}
function bE() {
  return this.each(TE);
}
function LE() {
  var e = this.cloneNode(!1), t = this.parentNode;
  return t ? t.insertBefore(e, this.nextSibling) : e;
}
function zE() {
  var e = this.cloneNode(!0), t = this.parentNode;
  return t ? t.insertBefore(e, this.nextSibling) : e;
}
function OE(e) {
  return this.select(e ? zE : LE);
}
function jE(e) {
  return arguments.length ? this.property("__data__", e) : this.node().__data__;
}
function RE(e) {
  return function(t) {
    e.call(this, t, this.__data__);
  };
}
function DE(e) {
  return e.trim().split(/^|\s+/).map(function(t) {
    var n = "", r = t.indexOf(".");
    return r >= 0 && (n = t.slice(r + 1), t = t.slice(0, r)), { type: t, name: n };
  });
}
function AE(e) {
  return function() {
    var t = this.__on;
    if (t) {
      for (var n = 0, r = -1, i = t.length, o; n < i; ++n)
        o = t[n], (!e.type || o.type === e.type) && o.name === e.name ? this.removeEventListener(o.type, o.listener, o.options) : t[++r] = o;
      ++r ? t.length = r : delete this.__on;
    }
  };
}
function FE(e, t, n) {
  return function() {
    var r = this.__on, i, o = RE(t);
    if (r) {
      for (var s = 0, l = r.length; s < l; ++s)
        if ((i = r[s]).type === e.type && i.name === e.name) {
          this.removeEventListener(i.type, i.listener, i.options), this.addEventListener(i.type, i.listener = o, i.options = n), i.value = t;
          return;
        }
    }
    this.addEventListener(e.type, o, n), i = { type: e.type, name: e.name, value: t, listener: o, options: n }, r ? r.push(i) : this.__on = [i];
  };
}
function HE(e, t, n) {
  var r = DE(e + ""), i, o = r.length, s;
  if (arguments.length < 2) {
    var l = this.node().__on;
    if (l) {
      for (var a = 0, u = l.length, c; a < u; ++a)
        for (i = 0, c = l[a]; i < o; ++i)
          if ((s = r[i]).type === c.type && s.name === c.name)
            return c.value;
    }
    return;
  }
  for (l = t ? FE : AE, i = 0; i < o; ++i) this.each(l(r[i], t, n));
  return this;
}
function gm(e, t, n) {
  var r = cm(e), i = r.CustomEvent;
  typeof i == "function" ? i = new i(t, n) : (i = r.document.createEvent("Event"), n ? (i.initEvent(t, n.bubbles, n.cancelable), i.detail = n.detail) : i.initEvent(t, !1, !1)), e.dispatchEvent(i);
}
function VE(e, t) {
  return function() {
    return gm(this, e, t);
  };
}
function BE(e, t) {
  return function() {
    return gm(this, e, t.apply(this, arguments));
  };
}
function WE(e, t) {
  return this.each((typeof t == "function" ? BE : VE)(e, t));
}
function* UE() {
  for (var e = this._groups, t = 0, n = e.length; t < n; ++t)
    for (var r = e[t], i = 0, o = r.length, s; i < o; ++i)
      (s = r[i]) && (yield s);
}
var mm = [null];
function Ze(e, t) {
  this._groups = e, this._parents = t;
}
function to() {
  return new Ze([[document.documentElement]], mm);
}
function YE() {
  return this;
}
Ze.prototype = to.prototype = {
  constructor: Ze,
  select: vx,
  selectAll: _x,
  selectChild: Cx,
  selectChildren: $x,
  filter: Tx,
  data: Rx,
  enter: bx,
  exit: Ax,
  join: Fx,
  merge: Hx,
  selection: YE,
  order: Vx,
  sort: Bx,
  call: Ux,
  nodes: Yx,
  node: Xx,
  size: Gx,
  empty: Qx,
  each: Kx,
  attr: rE,
  style: lE,
  property: fE,
  classed: gE,
  text: wE,
  html: SE,
  raise: NE,
  lower: ME,
  append: IE,
  insert: $E,
  remove: bE,
  clone: OE,
  datum: jE,
  on: HE,
  dispatch: WE,
  [Symbol.iterator]: UE
};
function Xe(e) {
  return typeof e == "string" ? new Ze([[document.querySelector(e)]], [document.documentElement]) : new Ze([[e]], mm);
}
var XE = 0;
function hd() {
  this._ = "@" + (++XE).toString(36);
}
hd.prototype = {
  constructor: hd,
  get: function(e) {
    for (var t = this._; !(t in e); ) if (!(e = e.parentNode)) return;
    return e[t];
  },
  set: function(e, t) {
    return e[this._] = t;
  },
  remove: function(e) {
    return this._ in e && delete e[this._];
  },
  toString: function() {
    return this._;
  }
};
function GE(e) {
  let t;
  for (; t = e.sourceEvent; ) e = t;
  return e;
}
function ht(e, t) {
  if (e = GE(e), t === void 0 && (t = e.currentTarget), t) {
    var n = t.ownerSVGElement || t;
    if (n.createSVGPoint) {
      var r = n.createSVGPoint();
      return r.x = e.clientX, r.y = e.clientY, r = r.matrixTransform(t.getScreenCTM().inverse()), [r.x, r.y];
    }
    if (t.getBoundingClientRect) {
      var i = t.getBoundingClientRect();
      return [e.clientX - i.left - t.clientLeft, e.clientY - i.top - t.clientTop];
    }
  }
  return [e.pageX, e.pageY];
}
const QE = { passive: !1 }, Hi = { capture: !0, passive: !1 };
function Ql(e) {
  e.stopImmediatePropagation();
}
function kr(e) {
  e.preventDefault(), e.stopImmediatePropagation();
}
function ym(e) {
  var t = e.document.documentElement, n = Xe(e).on("dragstart.drag", kr, Hi);
  "onselectstart" in t ? n.on("selectstart.drag", kr, Hi) : (t.__noselect = t.style.MozUserSelect, t.style.MozUserSelect = "none");
}
function vm(e, t) {
  var n = e.document.documentElement, r = Xe(e).on("dragstart.drag", null);
  t && (r.on("click.drag", kr, Hi), setTimeout(function() {
    r.on("click.drag", null);
  }, 0)), "onselectstart" in n ? r.on("selectstart.drag", null) : (n.style.MozUserSelect = n.__noselect, delete n.__noselect);
}
var Co = (e) => () => e;
function au(e, {
  sourceEvent: t,
  subject: n,
  target: r,
  identifier: i,
  active: o,
  x: s,
  y: l,
  dx: a,
  dy: u,
  dispatch: c
}) {
  Object.defineProperties(this, {
    type: { value: e, enumerable: !0, configurable: !0 },
    sourceEvent: { value: t, enumerable: !0, configurable: !0 },
    subject: { value: n, enumerable: !0, configurable: !0 },
    target: { value: r, enumerable: !0, configurable: !0 },
    identifier: { value: i, enumerable: !0, configurable: !0 },
    active: { value: o, enumerable: !0, configurable: !0 },
    x: { value: s, enumerable: !0, configurable: !0 },
    y: { value: l, enumerable: !0, configurable: !0 },
    dx: { value: a, enumerable: !0, configurable: !0 },
    dy: { value: u, enumerable: !0, configurable: !0 },
    _: { value: c }
  });
}
au.prototype.on = function() {
  var e = this._.on.apply(this._, arguments);
  return e === this._ ? this : e;
};
function KE(e) {
  return !e.ctrlKey && !e.button;
}
function ZE() {
  return this.parentNode;
}
function qE(e, t) {
  return t ?? { x: e.x, y: e.y };
}
function JE() {
  return navigator.maxTouchPoints || "ontouchstart" in this;
}
function wm() {
  var e = KE, t = ZE, n = qE, r = JE, i = {}, o = tl("start", "drag", "end"), s = 0, l, a, u, c, d = 0;
  function f(w) {
    w.on("mousedown.drag", p).filter(r).on("touchstart.drag", E).on("touchmove.drag", g, QE).on("touchend.drag touchcancel.drag", y).style("touch-action", "none").style("-webkit-tap-highlight-color", "rgba(0,0,0,0)");
  }
  function p(w, S) {
    if (!(c || !e.call(this, w, S))) {
      var k = m(this, t.call(this, w, S), w, S, "mouse");
      k && (Xe(w.view).on("mousemove.drag", h, Hi).on("mouseup.drag", v, Hi), ym(w.view), Ql(w), u = !1, l = w.clientX, a = w.clientY, k("start", w));
    }
  }
  function h(w) {
    if (kr(w), !u) {
      var S = w.clientX - l, k = w.clientY - a;
      u = S * S + k * k > d;
    }
    i.mouse("drag", w);
  }
  function v(w) {
    Xe(w.view).on("mousemove.drag mouseup.drag", null), vm(w.view, u), kr(w), i.mouse("end", w);
  }
  function E(w, S) {
    if (e.call(this, w, S)) {
      var k = w.changedTouches, N = t.call(this, w, S), P = k.length, L, R;
      for (L = 0; L < P; ++L)
        (R = m(this, N, w, S, k[L].identifier, k[L])) && (Ql(w), R("start", w, k[L]));
    }
  }
  function g(w) {
    var S = w.changedTouches, k = S.length, N, P;
    for (N = 0; N < k; ++N)
      (P = i[S[N].identifier]) && (kr(w), P("drag", w, S[N]));
  }
  function y(w) {
    var S = w.changedTouches, k = S.length, N, P;
    for (c && clearTimeout(c), c = setTimeout(function() {
      c = null;
    }, 500), N = 0; N < k; ++N)
      (P = i[S[N].identifier]) && (Ql(w), P("end", w, S[N]));
  }
  function m(w, S, k, N, P, L) {
    var R = o.copy(), D = ht(L || k, S), $, T, x;
    if ((x = n.call(w, new au("beforestart", {
      sourceEvent: k,
      target: f,
      identifier: P,
      active: s,
      x: D[0],
      y: D[1],
      dx: 0,
      dy: 0,
      dispatch: R
    }), N)) != null)
      return $ = x.x - D[0] || 0, T = x.y - D[1] || 0, function C(b, O, I) {
        var M = D, z;
        switch (b) {
          case "start":
            i[P] = C, z = s++;
            break;
          case "end":
            delete i[P], --s;
          case "drag":
            D = ht(I || O, S), z = s;
            break;
        }
        R.call(
          b,
          w,
          new au(b, {
            sourceEvent: O,
            subject: x,
            target: f,
            identifier: P,
            active: z,
            x: D[0] + $,
            y: D[1] + T,
            dx: D[0] - M[0],
            dy: D[1] - M[1],
            dispatch: R
          }),
          N
        );
      };
  }
  return f.filter = function(w) {
    return arguments.length ? (e = typeof w == "function" ? w : Co(!!w), f) : e;
  }, f.container = function(w) {
    return arguments.length ? (t = typeof w == "function" ? w : Co(w), f) : t;
  }, f.subject = function(w) {
    return arguments.length ? (n = typeof w == "function" ? w : Co(w), f) : n;
  }, f.touchable = function(w) {
    return arguments.length ? (r = typeof w == "function" ? w : Co(!!w), f) : r;
  }, f.on = function() {
    var w = o.on.apply(o, arguments);
    return w === o ? f : w;
  }, f.clickDistance = function(w) {
    return arguments.length ? (d = (w = +w) * w, f) : Math.sqrt(d);
  }, f;
}
function Gr(e, t, n) {
  e.prototype = t.prototype = n, n.constructor = e;
}
function no(e, t) {
  var n = Object.create(e.prototype);
  for (var r in t) n[r] = t[r];
  return n;
}
function Cn() {
}
var Gn = 0.7, jr = 1 / Gn, Nr = "\\s*([+-]?\\d+)\\s*", Vi = "\\s*([+-]?(?:\\d*\\.)?\\d+(?:[eE][+-]?\\d+)?)\\s*", Lt = "\\s*([+-]?(?:\\d*\\.)?\\d+(?:[eE][+-]?\\d+)?)%\\s*", e_ = /^#([0-9a-f]{3,8})$/, t_ = new RegExp(`^rgb\\(${Nr},${Nr},${Nr}\\)$`), n_ = new RegExp(`^rgb\\(${Lt},${Lt},${Lt}\\)$`), r_ = new RegExp(`^rgba\\(${Nr},${Nr},${Nr},${Vi}\\)$`), i_ = new RegExp(`^rgba\\(${Lt},${Lt},${Lt},${Vi}\\)$`), o_ = new RegExp(`^hsl\\(${Vi},${Lt},${Lt}\\)$`), s_ = new RegExp(`^hsla\\(${Vi},${Lt},${Lt},${Vi}\\)$`), pd = {
  aliceblue: 15792383,
  antiquewhite: 16444375,
  aqua: 65535,
  aquamarine: 8388564,
  azure: 15794175,
  beige: 16119260,
  bisque: 16770244,
  black: 0,
  blanchedalmond: 16772045,
  blue: 255,
  blueviolet: 9055202,
  brown: 10824234,
  burlywood: 14596231,
  cadetblue: 6266528,
  chartreuse: 8388352,
  chocolate: 13789470,
  coral: 16744272,
  cornflowerblue: 6591981,
  cornsilk: 16775388,
  crimson: 14423100,
  cyan: 65535,
  darkblue: 139,
  darkcyan: 35723,
  darkgoldenrod: 12092939,
  darkgray: 11119017,
  darkgreen: 25600,
  darkgrey: 11119017,
  darkkhaki: 12433259,
  darkmagenta: 9109643,
  darkolivegreen: 5597999,
  darkorange: 16747520,
  darkorchid: 10040012,
  darkred: 9109504,
  darksalmon: 15308410,
  darkseagreen: 9419919,
  darkslateblue: 4734347,
  darkslategray: 3100495,
  darkslategrey: 3100495,
  darkturquoise: 52945,
  darkviolet: 9699539,
  deeppink: 16716947,
  deepskyblue: 49151,
  dimgray: 6908265,
  dimgrey: 6908265,
  dodgerblue: 2003199,
  firebrick: 11674146,
  floralwhite: 16775920,
  forestgreen: 2263842,
  fuchsia: 16711935,
  gainsboro: 14474460,
  ghostwhite: 16316671,
  gold: 16766720,
  goldenrod: 14329120,
  gray: 8421504,
  green: 32768,
  greenyellow: 11403055,
  grey: 8421504,
  honeydew: 15794160,
  hotpink: 16738740,
  indianred: 13458524,
  indigo: 4915330,
  ivory: 16777200,
  khaki: 15787660,
  lavender: 15132410,
  lavenderblush: 16773365,
  lawngreen: 8190976,
  lemonchiffon: 16775885,
  lightblue: 11393254,
  lightcoral: 15761536,
  lightcyan: 14745599,
  lightgoldenrodyellow: 16448210,
  lightgray: 13882323,
  lightgreen: 9498256,
  lightgrey: 13882323,
  lightpink: 16758465,
  lightsalmon: 16752762,
  lightseagreen: 2142890,
  lightskyblue: 8900346,
  lightslategray: 7833753,
  lightslategrey: 7833753,
  lightsteelblue: 11584734,
  lightyellow: 16777184,
  lime: 65280,
  limegreen: 3329330,
  linen: 16445670,
  magenta: 16711935,
  maroon: 8388608,
  mediumaquamarine: 6737322,
  mediumblue: 205,
  mediumorchid: 12211667,
  mediumpurple: 9662683,
  mediumseagreen: 3978097,
  mediumslateblue: 8087790,
  mediumspringgreen: 64154,
  mediumturquoise: 4772300,
  mediumvioletred: 13047173,
  midnightblue: 1644912,
  mintcream: 16121850,
  mistyrose: 16770273,
  moccasin: 16770229,
  navajowhite: 16768685,
  navy: 128,
  oldlace: 16643558,
  olive: 8421376,
  olivedrab: 7048739,
  orange: 16753920,
  orangered: 16729344,
  orchid: 14315734,
  palegoldenrod: 15657130,
  palegreen: 10025880,
  paleturquoise: 11529966,
  palevioletred: 14381203,
  papayawhip: 16773077,
  peachpuff: 16767673,
  peru: 13468991,
  pink: 16761035,
  plum: 14524637,
  powderblue: 11591910,
  purple: 8388736,
  rebeccapurple: 6697881,
  red: 16711680,
  rosybrown: 12357519,
  royalblue: 4286945,
  saddlebrown: 9127187,
  salmon: 16416882,
  sandybrown: 16032864,
  seagreen: 3050327,
  seashell: 16774638,
  sienna: 10506797,
  silver: 12632256,
  skyblue: 8900331,
  slateblue: 6970061,
  slategray: 7372944,
  slategrey: 7372944,
  snow: 16775930,
  springgreen: 65407,
  steelblue: 4620980,
  tan: 13808780,
  teal: 32896,
  thistle: 14204888,
  tomato: 16737095,
  turquoise: 4251856,
  violet: 15631086,
  wheat: 16113331,
  white: 16777215,
  whitesmoke: 16119285,
  yellow: 16776960,
  yellowgreen: 10145074
};
Gr(Cn, Qn, {
  copy(e) {
    return Object.assign(new this.constructor(), this, e);
  },
  displayable() {
    return this.rgb().displayable();
  },
  hex: gd,
  // Deprecated! Use color.formatHex.
  formatHex: gd,
  formatHex8: l_,
  formatHsl: a_,
  formatRgb: md,
  toString: md
});
function gd() {
  return this.rgb().formatHex();
}
function l_() {
  return this.rgb().formatHex8();
}
function a_() {
  return xm(this).formatHsl();
}
function md() {
  return this.rgb().formatRgb();
}
function Qn(e) {
  var t, n;
  return e = (e + "").trim().toLowerCase(), (t = e_.exec(e)) ? (n = t[1].length, t = parseInt(t[1], 16), n === 6 ? yd(t) : n === 3 ? new Me(t >> 8 & 15 | t >> 4 & 240, t >> 4 & 15 | t & 240, (t & 15) << 4 | t & 15, 1) : n === 8 ? Mo(t >> 24 & 255, t >> 16 & 255, t >> 8 & 255, (t & 255) / 255) : n === 4 ? Mo(t >> 12 & 15 | t >> 8 & 240, t >> 8 & 15 | t >> 4 & 240, t >> 4 & 15 | t & 240, ((t & 15) << 4 | t & 15) / 255) : null) : (t = t_.exec(e)) ? new Me(t[1], t[2], t[3], 1) : (t = n_.exec(e)) ? new Me(t[1] * 255 / 100, t[2] * 255 / 100, t[3] * 255 / 100, 1) : (t = r_.exec(e)) ? Mo(t[1], t[2], t[3], t[4]) : (t = i_.exec(e)) ? Mo(t[1] * 255 / 100, t[2] * 255 / 100, t[3] * 255 / 100, t[4]) : (t = o_.exec(e)) ? xd(t[1], t[2] / 100, t[3] / 100, 1) : (t = s_.exec(e)) ? xd(t[1], t[2] / 100, t[3] / 100, t[4]) : pd.hasOwnProperty(e) ? yd(pd[e]) : e === "transparent" ? new Me(NaN, NaN, NaN, 0) : null;
}
function yd(e) {
  return new Me(e >> 16 & 255, e >> 8 & 255, e & 255, 1);
}
function Mo(e, t, n, r) {
  return r <= 0 && (e = t = n = NaN), new Me(e, t, n, r);
}
function _c(e) {
  return e instanceof Cn || (e = Qn(e)), e ? (e = e.rgb(), new Me(e.r, e.g, e.b, e.opacity)) : new Me();
}
function uu(e, t, n, r) {
  return arguments.length === 1 ? _c(e) : new Me(e, t, n, r ?? 1);
}
function Me(e, t, n, r) {
  this.r = +e, this.g = +t, this.b = +n, this.opacity = +r;
}
Gr(Me, uu, no(Cn, {
  brighter(e) {
    return e = e == null ? jr : Math.pow(jr, e), new Me(this.r * e, this.g * e, this.b * e, this.opacity);
  },
  darker(e) {
    return e = e == null ? Gn : Math.pow(Gn, e), new Me(this.r * e, this.g * e, this.b * e, this.opacity);
  },
  rgb() {
    return this;
  },
  clamp() {
    return new Me(Fn(this.r), Fn(this.g), Fn(this.b), ks(this.opacity));
  },
  displayable() {
    return -0.5 <= this.r && this.r < 255.5 && -0.5 <= this.g && this.g < 255.5 && -0.5 <= this.b && this.b < 255.5 && 0 <= this.opacity && this.opacity <= 1;
  },
  hex: vd,
  // Deprecated! Use color.formatHex.
  formatHex: vd,
  formatHex8: u_,
  formatRgb: wd,
  toString: wd
}));
function vd() {
  return `#${Rn(this.r)}${Rn(this.g)}${Rn(this.b)}`;
}
function u_() {
  return `#${Rn(this.r)}${Rn(this.g)}${Rn(this.b)}${Rn((isNaN(this.opacity) ? 1 : this.opacity) * 255)}`;
}
function wd() {
  const e = ks(this.opacity);
  return `${e === 1 ? "rgb(" : "rgba("}${Fn(this.r)}, ${Fn(this.g)}, ${Fn(this.b)}${e === 1 ? ")" : `, ${e})`}`;
}
function ks(e) {
  return isNaN(e) ? 1 : Math.max(0, Math.min(1, e));
}
function Fn(e) {
  return Math.max(0, Math.min(255, Math.round(e) || 0));
}
function Rn(e) {
  return e = Fn(e), (e < 16 ? "0" : "") + e.toString(16);
}
function xd(e, t, n, r) {
  return r <= 0 ? e = t = n = NaN : n <= 0 || n >= 1 ? e = t = NaN : t <= 0 && (e = NaN), new gt(e, t, n, r);
}
function xm(e) {
  if (e instanceof gt) return new gt(e.h, e.s, e.l, e.opacity);
  if (e instanceof Cn || (e = Qn(e)), !e) return new gt();
  if (e instanceof gt) return e;
  e = e.rgb();
  var t = e.r / 255, n = e.g / 255, r = e.b / 255, i = Math.min(t, n, r), o = Math.max(t, n, r), s = NaN, l = o - i, a = (o + i) / 2;
  return l ? (t === o ? s = (n - r) / l + (n < r) * 6 : n === o ? s = (r - t) / l + 2 : s = (t - n) / l + 4, l /= a < 0.5 ? o + i : 2 - o - i, s *= 60) : l = a > 0 && a < 1 ? 0 : s, new gt(s, l, a, e.opacity);
}
function c_(e, t, n, r) {
  return arguments.length === 1 ? xm(e) : new gt(e, t, n, r ?? 1);
}
function gt(e, t, n, r) {
  this.h = +e, this.s = +t, this.l = +n, this.opacity = +r;
}
Gr(gt, c_, no(Cn, {
  brighter(e) {
    return e = e == null ? jr : Math.pow(jr, e), new gt(this.h, this.s, this.l * e, this.opacity);
  },
  darker(e) {
    return e = e == null ? Gn : Math.pow(Gn, e), new gt(this.h, this.s, this.l * e, this.opacity);
  },
  rgb() {
    var e = this.h % 360 + (this.h < 0) * 360, t = isNaN(e) || isNaN(this.s) ? 0 : this.s, n = this.l, r = n + (n < 0.5 ? n : 1 - n) * t, i = 2 * n - r;
    return new Me(
      Kl(e >= 240 ? e - 240 : e + 120, i, r),
      Kl(e, i, r),
      Kl(e < 120 ? e + 240 : e - 120, i, r),
      this.opacity
    );
  },
  clamp() {
    return new gt(Ed(this.h), Io(this.s), Io(this.l), ks(this.opacity));
  },
  displayable() {
    return (0 <= this.s && this.s <= 1 || isNaN(this.s)) && 0 <= this.l && this.l <= 1 && 0 <= this.opacity && this.opacity <= 1;
  },
  formatHsl() {
    const e = ks(this.opacity);
    return `${e === 1 ? "hsl(" : "hsla("}${Ed(this.h)}, ${Io(this.s) * 100}%, ${Io(this.l) * 100}%${e === 1 ? ")" : `, ${e})`}`;
  }
}));
function Ed(e) {
  return e = (e || 0) % 360, e < 0 ? e + 360 : e;
}
function Io(e) {
  return Math.max(0, Math.min(1, e || 0));
}
function Kl(e, t, n) {
  return (e < 60 ? t + (n - t) * e / 60 : e < 180 ? n : e < 240 ? t + (n - t) * (240 - e) / 60 : t) * 255;
}
const Em = Math.PI / 180, _m = 180 / Math.PI, Ns = 18, Sm = 0.96422, km = 1, Nm = 0.82521, Cm = 4 / 29, Cr = 6 / 29, Mm = 3 * Cr * Cr, f_ = Cr * Cr * Cr;
function Im(e) {
  if (e instanceof zt) return new zt(e.l, e.a, e.b, e.opacity);
  if (e instanceof Ut) return Pm(e);
  e instanceof Me || (e = _c(e));
  var t = ea(e.r), n = ea(e.g), r = ea(e.b), i = Zl((0.2225045 * t + 0.7168786 * n + 0.0606169 * r) / km), o, s;
  return t === n && n === r ? o = s = i : (o = Zl((0.4360747 * t + 0.3850649 * n + 0.1430804 * r) / Sm), s = Zl((0.0139322 * t + 0.0971045 * n + 0.7141733 * r) / Nm)), new zt(116 * i - 16, 500 * (o - i), 200 * (i - s), e.opacity);
}
function d_(e, t, n, r) {
  return arguments.length === 1 ? Im(e) : new zt(e, t, n, r ?? 1);
}
function zt(e, t, n, r) {
  this.l = +e, this.a = +t, this.b = +n, this.opacity = +r;
}
Gr(zt, d_, no(Cn, {
  brighter(e) {
    return new zt(this.l + Ns * (e ?? 1), this.a, this.b, this.opacity);
  },
  darker(e) {
    return new zt(this.l - Ns * (e ?? 1), this.a, this.b, this.opacity);
  },
  rgb() {
    var e = (this.l + 16) / 116, t = isNaN(this.a) ? e : e + this.a / 500, n = isNaN(this.b) ? e : e - this.b / 200;
    return t = Sm * ql(t), e = km * ql(e), n = Nm * ql(n), new Me(
      Jl(3.1338561 * t - 1.6168667 * e - 0.4906146 * n),
      Jl(-0.9787684 * t + 1.9161415 * e + 0.033454 * n),
      Jl(0.0719453 * t - 0.2289914 * e + 1.4052427 * n),
      this.opacity
    );
  }
}));
function Zl(e) {
  return e > f_ ? Math.pow(e, 1 / 3) : e / Mm + Cm;
}
function ql(e) {
  return e > Cr ? e * e * e : Mm * (e - Cm);
}
function Jl(e) {
  return 255 * (e <= 31308e-7 ? 12.92 * e : 1.055 * Math.pow(e, 1 / 2.4) - 0.055);
}
function ea(e) {
  return (e /= 255) <= 0.04045 ? e / 12.92 : Math.pow((e + 0.055) / 1.055, 2.4);
}
function h_(e) {
  if (e instanceof Ut) return new Ut(e.h, e.c, e.l, e.opacity);
  if (e instanceof zt || (e = Im(e)), e.a === 0 && e.b === 0) return new Ut(NaN, 0 < e.l && e.l < 100 ? 0 : NaN, e.l, e.opacity);
  var t = Math.atan2(e.b, e.a) * _m;
  return new Ut(t < 0 ? t + 360 : t, Math.sqrt(e.a * e.a + e.b * e.b), e.l, e.opacity);
}
function p_(e, t, n, r) {
  return arguments.length === 1 ? h_(e) : new Ut(e, t, n, r ?? 1);
}
function Ut(e, t, n, r) {
  this.h = +e, this.c = +t, this.l = +n, this.opacity = +r;
}
function Pm(e) {
  if (isNaN(e.h)) return new zt(e.l, 0, 0, e.opacity);
  var t = e.h * Em;
  return new zt(e.l, Math.cos(t) * e.c, Math.sin(t) * e.c, e.opacity);
}
Gr(Ut, p_, no(Cn, {
  brighter(e) {
    return new Ut(this.h, this.c, this.l + Ns * (e ?? 1), this.opacity);
  },
  darker(e) {
    return new Ut(this.h, this.c, this.l - Ns * (e ?? 1), this.opacity);
  },
  rgb() {
    return Pm(this).rgb();
  }
}));
var $m = -0.14861, Sc = 1.78277, kc = -0.29227, rl = -0.90649, Bi = 1.97294, _d = Bi * rl, Sd = Bi * Sc, kd = Sc * kc - rl * $m;
function g_(e) {
  if (e instanceof Hn) return new Hn(e.h, e.s, e.l, e.opacity);
  e instanceof Me || (e = _c(e));
  var t = e.r / 255, n = e.g / 255, r = e.b / 255, i = (kd * r + _d * t - Sd * n) / (kd + _d - Sd), o = r - i, s = (Bi * (n - i) - kc * o) / rl, l = Math.sqrt(s * s + o * o) / (Bi * i * (1 - i)), a = l ? Math.atan2(s, o) * _m - 120 : NaN;
  return new Hn(a < 0 ? a + 360 : a, l, i, e.opacity);
}
function cu(e, t, n, r) {
  return arguments.length === 1 ? g_(e) : new Hn(e, t, n, r ?? 1);
}
function Hn(e, t, n, r) {
  this.h = +e, this.s = +t, this.l = +n, this.opacity = +r;
}
Gr(Hn, cu, no(Cn, {
  brighter(e) {
    return e = e == null ? jr : Math.pow(jr, e), new Hn(this.h, this.s, this.l * e, this.opacity);
  },
  darker(e) {
    return e = e == null ? Gn : Math.pow(Gn, e), new Hn(this.h, this.s, this.l * e, this.opacity);
  },
  rgb() {
    var e = isNaN(this.h) ? 0 : (this.h + 120) * Em, t = +this.l, n = isNaN(this.s) ? 0 : this.s * t * (1 - t), r = Math.cos(e), i = Math.sin(e);
    return new Me(
      255 * (t + n * ($m * r + Sc * i)),
      255 * (t + n * (kc * r + rl * i)),
      255 * (t + n * (Bi * r)),
      this.opacity
    );
  }
}));
var il = (e) => () => e;
function Tm(e, t) {
  return function(n) {
    return e + n * t;
  };
}
function m_(e, t, n) {
  return e = Math.pow(e, n), t = Math.pow(t, n) - e, n = 1 / n, function(r) {
    return Math.pow(e + r * t, n);
  };
}
function y_(e, t) {
  var n = t - e;
  return n ? Tm(e, n > 180 || n < -180 ? n - 360 * Math.round(n / 360) : n) : il(isNaN(e) ? t : e);
}
function v_(e) {
  return (e = +e) == 1 ? Mr : function(t, n) {
    return n - t ? m_(t, n, e) : il(isNaN(t) ? n : t);
  };
}
function Mr(e, t) {
  var n = t - e;
  return n ? Tm(e, n) : il(isNaN(e) ? t : e);
}
var Cs = function e(t) {
  var n = v_(t);
  function r(i, o) {
    var s = n((i = uu(i)).r, (o = uu(o)).r), l = n(i.g, o.g), a = n(i.b, o.b), u = Mr(i.opacity, o.opacity);
    return function(c) {
      return i.r = s(c), i.g = l(c), i.b = a(c), i.opacity = u(c), i + "";
    };
  }
  return r.gamma = e, r;
}(1);
function w_(e, t) {
  t || (t = []);
  var n = e ? Math.min(t.length, e.length) : 0, r = t.slice(), i;
  return function(o) {
    for (i = 0; i < n; ++i) r[i] = e[i] * (1 - o) + t[i] * o;
    return r;
  };
}
function x_(e) {
  return ArrayBuffer.isView(e) && !(e instanceof DataView);
}
function E_(e, t) {
  var n = t ? t.length : 0, r = e ? Math.min(n, e.length) : 0, i = new Array(r), o = new Array(n), s;
  for (s = 0; s < r; ++s) i[s] = _i(e[s], t[s]);
  for (; s < n; ++s) o[s] = t[s];
  return function(l) {
    for (s = 0; s < r; ++s) o[s] = i[s](l);
    return o;
  };
}
function __(e, t) {
  var n = /* @__PURE__ */ new Date();
  return e = +e, t = +t, function(r) {
    return n.setTime(e * (1 - r) + t * r), n;
  };
}
function Pt(e, t) {
  return e = +e, t = +t, function(n) {
    return e * (1 - n) + t * n;
  };
}
function S_(e, t) {
  var n = {}, r = {}, i;
  (e === null || typeof e != "object") && (e = {}), (t === null || typeof t != "object") && (t = {});
  for (i in t)
    i in e ? n[i] = _i(e[i], t[i]) : r[i] = t[i];
  return function(o) {
    for (i in n) r[i] = n[i](o);
    return r;
  };
}
var fu = /[-+]?(?:\d+\.?\d*|\.?\d+)(?:[eE][-+]?\d+)?/g, ta = new RegExp(fu.source, "g");
function k_(e) {
  return function() {
    return e;
  };
}
function N_(e) {
  return function(t) {
    return e(t) + "";
  };
}
function bm(e, t) {
  var n = fu.lastIndex = ta.lastIndex = 0, r, i, o, s = -1, l = [], a = [];
  for (e = e + "", t = t + ""; (r = fu.exec(e)) && (i = ta.exec(t)); )
    (o = i.index) > n && (o = t.slice(n, o), l[s] ? l[s] += o : l[++s] = o), (r = r[0]) === (i = i[0]) ? l[s] ? l[s] += i : l[++s] = i : (l[++s] = null, a.push({ i: s, x: Pt(r, i) })), n = ta.lastIndex;
  return n < t.length && (o = t.slice(n), l[s] ? l[s] += o : l[++s] = o), l.length < 2 ? a[0] ? N_(a[0].x) : k_(t) : (t = a.length, function(u) {
    for (var c = 0, d; c < t; ++c) l[(d = a[c]).i] = d.x(u);
    return l.join("");
  });
}
function _i(e, t) {
  var n = typeof t, r;
  return t == null || n === "boolean" ? il(t) : (n === "number" ? Pt : n === "string" ? (r = Qn(t)) ? (t = r, Cs) : bm : t instanceof Qn ? Cs : t instanceof Date ? __ : x_(t) ? w_ : Array.isArray(t) ? E_ : typeof t.valueOf != "function" && typeof t.toString != "function" || isNaN(t) ? S_ : Pt)(e, t);
}
var Nd = 180 / Math.PI, du = {
  translateX: 0,
  translateY: 0,
  rotate: 0,
  skewX: 0,
  scaleX: 1,
  scaleY: 1
};
function Lm(e, t, n, r, i, o) {
  var s, l, a;
  return (s = Math.sqrt(e * e + t * t)) && (e /= s, t /= s), (a = e * n + t * r) && (n -= e * a, r -= t * a), (l = Math.sqrt(n * n + r * r)) && (n /= l, r /= l, a /= l), e * r < t * n && (e = -e, t = -t, a = -a, s = -s), {
    translateX: i,
    translateY: o,
    rotate: Math.atan2(t, e) * Nd,
    skewX: Math.atan(a) * Nd,
    scaleX: s,
    scaleY: l
  };
}
var Po;
function C_(e) {
  const t = new (typeof DOMMatrix == "function" ? DOMMatrix : WebKitCSSMatrix)(e + "");
  return t.isIdentity ? du : Lm(t.a, t.b, t.c, t.d, t.e, t.f);
}
function M_(e) {
  return e == null || (Po || (Po = document.createElementNS("http://www.w3.org/2000/svg", "g")), Po.setAttribute("transform", e), !(e = Po.transform.baseVal.consolidate())) ? du : (e = e.matrix, Lm(e.a, e.b, e.c, e.d, e.e, e.f));
}
function zm(e, t, n, r) {
  function i(u) {
    return u.length ? u.pop() + " " : "";
  }
  function o(u, c, d, f, p, h) {
    if (u !== d || c !== f) {
      var v = p.push("translate(", null, t, null, n);
      h.push({ i: v - 4, x: Pt(u, d) }, { i: v - 2, x: Pt(c, f) });
    } else (d || f) && p.push("translate(" + d + t + f + n);
  }
  function s(u, c, d, f) {
    u !== c ? (u - c > 180 ? c += 360 : c - u > 180 && (u += 360), f.push({ i: d.push(i(d) + "rotate(", null, r) - 2, x: Pt(u, c) })) : c && d.push(i(d) + "rotate(" + c + r);
  }
  function l(u, c, d, f) {
    u !== c ? f.push({ i: d.push(i(d) + "skewX(", null, r) - 2, x: Pt(u, c) }) : c && d.push(i(d) + "skewX(" + c + r);
  }
  function a(u, c, d, f, p, h) {
    if (u !== d || c !== f) {
      var v = p.push(i(p) + "scale(", null, ",", null, ")");
      h.push({ i: v - 4, x: Pt(u, d) }, { i: v - 2, x: Pt(c, f) });
    } else (d !== 1 || f !== 1) && p.push(i(p) + "scale(" + d + "," + f + ")");
  }
  return function(u, c) {
    var d = [], f = [];
    return u = e(u), c = e(c), o(u.translateX, u.translateY, c.translateX, c.translateY, d, f), s(u.rotate, c.rotate, d, f), l(u.skewX, c.skewX, d, f), a(u.scaleX, u.scaleY, c.scaleX, c.scaleY, d, f), u = c = null, function(p) {
      for (var h = -1, v = f.length, E; ++h < v; ) d[(E = f[h]).i] = E.x(p);
      return d.join("");
    };
  };
}
var I_ = zm(C_, "px, ", "px)", "deg)"), P_ = zm(M_, ", ", ")", ")"), $_ = 1e-12;
function Cd(e) {
  return ((e = Math.exp(e)) + 1 / e) / 2;
}
function T_(e) {
  return ((e = Math.exp(e)) - 1 / e) / 2;
}
function b_(e) {
  return ((e = Math.exp(2 * e)) - 1) / (e + 1);
}
var Qo = function e(t, n, r) {
  function i(o, s) {
    var l = o[0], a = o[1], u = o[2], c = s[0], d = s[1], f = s[2], p = c - l, h = d - a, v = p * p + h * h, E, g;
    if (v < $_)
      g = Math.log(f / u) / t, E = function(N) {
        return [
          l + N * p,
          a + N * h,
          u * Math.exp(t * N * g)
        ];
      };
    else {
      var y = Math.sqrt(v), m = (f * f - u * u + r * v) / (2 * u * n * y), w = (f * f - u * u - r * v) / (2 * f * n * y), S = Math.log(Math.sqrt(m * m + 1) - m), k = Math.log(Math.sqrt(w * w + 1) - w);
      g = (k - S) / t, E = function(N) {
        var P = N * g, L = Cd(S), R = u / (n * y) * (L * b_(t * P + S) - T_(S));
        return [
          l + R * p,
          a + R * h,
          u * L / Cd(t * P + S)
        ];
      };
    }
    return E.duration = Math.abs(g) * 1e3 * t / Math.SQRT2, E;
  }
  return i.rho = function(o) {
    var s = Math.max(1e-3, +o), l = s * s, a = l * l;
    return e(s, l, a);
  }, i;
}(Math.SQRT2, 2, 4);
function Om(e) {
  return function t(n) {
    n = +n;
    function r(i, o) {
      var s = e((i = cu(i)).h, (o = cu(o)).h), l = Mr(i.s, o.s), a = Mr(i.l, o.l), u = Mr(i.opacity, o.opacity);
      return function(c) {
        return i.h = s(c), i.s = l(c), i.l = a(Math.pow(c, n)), i.opacity = u(c), i + "";
      };
    }
    return r.gamma = t, r;
  }(1);
}
Om(y_);
Om(Mr);
var Rr = 0, ci = 0, ii = 0, jm = 1e3, Ms, fi, Is = 0, Kn = 0, ol = 0, Wi = typeof performance == "object" && performance.now ? performance : Date, Rm = typeof window == "object" && window.requestAnimationFrame ? window.requestAnimationFrame.bind(window) : function(e) {
  setTimeout(e, 17);
};
function Nc() {
  return Kn || (Rm(L_), Kn = Wi.now() + ol);
}
function L_() {
  Kn = 0;
}
function Ps() {
  this._call = this._time = this._next = null;
}
Ps.prototype = Dm.prototype = {
  constructor: Ps,
  restart: function(e, t, n) {
    if (typeof e != "function") throw new TypeError("callback is not a function");
    n = (n == null ? Nc() : +n) + (t == null ? 0 : +t), !this._next && fi !== this && (fi ? fi._next = this : Ms = this, fi = this), this._call = e, this._time = n, hu();
  },
  stop: function() {
    this._call && (this._call = null, this._time = 1 / 0, hu());
  }
};
function Dm(e, t, n) {
  var r = new Ps();
  return r.restart(e, t, n), r;
}
function z_() {
  Nc(), ++Rr;
  for (var e = Ms, t; e; )
    (t = Kn - e._time) >= 0 && e._call.call(void 0, t), e = e._next;
  --Rr;
}
function Md() {
  Kn = (Is = Wi.now()) + ol, Rr = ci = 0;
  try {
    z_();
  } finally {
    Rr = 0, j_(), Kn = 0;
  }
}
function O_() {
  var e = Wi.now(), t = e - Is;
  t > jm && (ol -= t, Is = e);
}
function j_() {
  for (var e, t = Ms, n, r = 1 / 0; t; )
    t._call ? (r > t._time && (r = t._time), e = t, t = t._next) : (n = t._next, t._next = null, t = e ? e._next = n : Ms = n);
  fi = e, hu(r);
}
function hu(e) {
  if (!Rr) {
    ci && (ci = clearTimeout(ci));
    var t = e - Kn;
    t > 24 ? (e < 1 / 0 && (ci = setTimeout(Md, Math.ceil(e - Wi.now() - ol) + 1)), ii && (ii = clearInterval(ii))) : (ii || (Is = Wi.now(), ii = setInterval(O_, jm)), Rr = 1, Rm(Md));
  }
}
function Id(e, t, n) {
  var r = new Ps();
  return t = t == null ? 0 : +t, r.restart((i) => {
    r.stop(), e(i + t);
  }, t, n), r;
}
function R_(e) {
  return ((e *= 2) <= 1 ? e * e * e : (e -= 2) * e * e + 2) / 2;
}
var Cc = 3;
(function e(t) {
  t = +t;
  function n(r) {
    return Math.pow(r, t);
  }
  return n.exponent = e, n;
})(Cc);
(function e(t) {
  t = +t;
  function n(r) {
    return 1 - Math.pow(1 - r, t);
  }
  return n.exponent = e, n;
})(Cc);
(function e(t) {
  t = +t;
  function n(r) {
    return ((r *= 2) <= 1 ? Math.pow(r, t) : 2 - Math.pow(2 - r, t)) / 2;
  }
  return n.exponent = e, n;
})(Cc);
function $s(e) {
  return (Math.pow(2, -10 * e) - 9765625e-10) * 1.0009775171065494;
}
var Mc = 1.70158;
(function e(t) {
  t = +t;
  function n(r) {
    return (r = +r) * r * (t * (r - 1) + r);
  }
  return n.overshoot = e, n;
})(Mc);
(function e(t) {
  t = +t;
  function n(r) {
    return --r * r * ((r + 1) * t + r) + 1;
  }
  return n.overshoot = e, n;
})(Mc);
(function e(t) {
  t = +t;
  function n(r) {
    return ((r *= 2) < 1 ? r * r * ((t + 1) * r - t) : (r -= 2) * r * ((t + 1) * r + t) + 2) / 2;
  }
  return n.overshoot = e, n;
})(Mc);
var Dr = 2 * Math.PI, Ic = 1, Pc = 0.3;
(function e(t, n) {
  var r = Math.asin(1 / (t = Math.max(1, t))) * (n /= Dr);
  function i(o) {
    return t * $s(- --o) * Math.sin((r - o) / n);
  }
  return i.amplitude = function(o) {
    return e(o, n * Dr);
  }, i.period = function(o) {
    return e(t, o);
  }, i;
})(Ic, Pc);
(function e(t, n) {
  var r = Math.asin(1 / (t = Math.max(1, t))) * (n /= Dr);
  function i(o) {
    return 1 - t * $s(o = +o) * Math.sin((o + r) / n);
  }
  return i.amplitude = function(o) {
    return e(o, n * Dr);
  }, i.period = function(o) {
    return e(t, o);
  }, i;
})(Ic, Pc);
(function e(t, n) {
  var r = Math.asin(1 / (t = Math.max(1, t))) * (n /= Dr);
  function i(o) {
    return ((o = o * 2 - 1) < 0 ? t * $s(-o) * Math.sin((r - o) / n) : 2 - t * $s(o) * Math.sin((r + o) / n)) / 2;
  }
  return i.amplitude = function(o) {
    return e(o, n * Dr);
  }, i.period = function(o) {
    return e(t, o);
  }, i;
})(Ic, Pc);
var D_ = tl("start", "end", "cancel", "interrupt"), A_ = [], Am = 0, Pd = 1, pu = 2, Ko = 3, $d = 4, gu = 5, Zo = 6;
function sl(e, t, n, r, i, o) {
  var s = e.__transition;
  if (!s) e.__transition = {};
  else if (n in s) return;
  F_(e, n, {
    name: t,
    index: r,
    // For context during callback.
    group: i,
    // For context during callback.
    on: D_,
    tween: A_,
    time: o.time,
    delay: o.delay,
    duration: o.duration,
    ease: o.ease,
    timer: null,
    state: Am
  });
}
function $c(e, t) {
  var n = _t(e, t);
  if (n.state > Am) throw new Error("too late; already scheduled");
  return n;
}
function Ot(e, t) {
  var n = _t(e, t);
  if (n.state > Ko) throw new Error("too late; already running");
  return n;
}
function _t(e, t) {
  var n = e.__transition;
  if (!n || !(n = n[t])) throw new Error("transition not found");
  return n;
}
function F_(e, t, n) {
  var r = e.__transition, i;
  r[t] = n, n.timer = Dm(o, 0, n.time);
  function o(u) {
    n.state = Pd, n.timer.restart(s, n.delay, n.time), n.delay <= u && s(u - n.delay);
  }
  function s(u) {
    var c, d, f, p;
    if (n.state !== Pd) return a();
    for (c in r)
      if (p = r[c], p.name === n.name) {
        if (p.state === Ko) return Id(s);
        p.state === $d ? (p.state = Zo, p.timer.stop(), p.on.call("interrupt", e, e.__data__, p.index, p.group), delete r[c]) : +c < t && (p.state = Zo, p.timer.stop(), p.on.call("cancel", e, e.__data__, p.index, p.group), delete r[c]);
      }
    if (Id(function() {
      n.state === Ko && (n.state = $d, n.timer.restart(l, n.delay, n.time), l(u));
    }), n.state = pu, n.on.call("start", e, e.__data__, n.index, n.group), n.state === pu) {
      for (n.state = Ko, i = new Array(f = n.tween.length), c = 0, d = -1; c < f; ++c)
        (p = n.tween[c].value.call(e, e.__data__, n.index, n.group)) && (i[++d] = p);
      i.length = d + 1;
    }
  }
  function l(u) {
    for (var c = u < n.duration ? n.ease.call(null, u / n.duration) : (n.timer.restart(a), n.state = gu, 1), d = -1, f = i.length; ++d < f; )
      i[d].call(e, c);
    n.state === gu && (n.on.call("end", e, e.__data__, n.index, n.group), a());
  }
  function a() {
    n.state = Zo, n.timer.stop(), delete r[t];
    for (var u in r) return;
    delete e.__transition;
  }
}
function qo(e, t) {
  var n = e.__transition, r, i, o = !0, s;
  if (n) {
    t = t == null ? null : t + "";
    for (s in n) {
      if ((r = n[s]).name !== t) {
        o = !1;
        continue;
      }
      i = r.state > pu && r.state < gu, r.state = Zo, r.timer.stop(), r.on.call(i ? "interrupt" : "cancel", e, e.__data__, r.index, r.group), delete n[s];
    }
    o && delete e.__transition;
  }
}
function H_(e) {
  return this.each(function() {
    qo(this, e);
  });
}
function V_(e, t) {
  var n, r;
  return function() {
    var i = Ot(this, e), o = i.tween;
    if (o !== n) {
      r = n = o;
      for (var s = 0, l = r.length; s < l; ++s)
        if (r[s].name === t) {
          r = r.slice(), r.splice(s, 1);
          break;
        }
    }
    i.tween = r;
  };
}
function B_(e, t, n) {
  var r, i;
  if (typeof n != "function") throw new Error();
  return function() {
    var o = Ot(this, e), s = o.tween;
    if (s !== r) {
      i = (r = s).slice();
      for (var l = { name: t, value: n }, a = 0, u = i.length; a < u; ++a)
        if (i[a].name === t) {
          i[a] = l;
          break;
        }
      a === u && i.push(l);
    }
    o.tween = i;
  };
}
function W_(e, t) {
  var n = this._id;
  if (e += "", arguments.length < 2) {
    for (var r = _t(this.node(), n).tween, i = 0, o = r.length, s; i < o; ++i)
      if ((s = r[i]).name === e)
        return s.value;
    return null;
  }
  return this.each((t == null ? V_ : B_)(n, e, t));
}
function Tc(e, t, n) {
  var r = e._id;
  return e.each(function() {
    var i = Ot(this, r);
    (i.value || (i.value = {}))[t] = n.apply(this, arguments);
  }), function(i) {
    return _t(i, r).value[t];
  };
}
function Fm(e, t) {
  var n;
  return (typeof t == "number" ? Pt : t instanceof Qn ? Cs : (n = Qn(t)) ? (t = n, Cs) : bm)(e, t);
}
function U_(e) {
  return function() {
    this.removeAttribute(e);
  };
}
function Y_(e) {
  return function() {
    this.removeAttributeNS(e.space, e.local);
  };
}
function X_(e, t, n) {
  var r, i = n + "", o;
  return function() {
    var s = this.getAttribute(e);
    return s === i ? null : s === r ? o : o = t(r = s, n);
  };
}
function G_(e, t, n) {
  var r, i = n + "", o;
  return function() {
    var s = this.getAttributeNS(e.space, e.local);
    return s === i ? null : s === r ? o : o = t(r = s, n);
  };
}
function Q_(e, t, n) {
  var r, i, o;
  return function() {
    var s, l = n(this), a;
    return l == null ? void this.removeAttribute(e) : (s = this.getAttribute(e), a = l + "", s === a ? null : s === r && a === i ? o : (i = a, o = t(r = s, l)));
  };
}
function K_(e, t, n) {
  var r, i, o;
  return function() {
    var s, l = n(this), a;
    return l == null ? void this.removeAttributeNS(e.space, e.local) : (s = this.getAttributeNS(e.space, e.local), a = l + "", s === a ? null : s === r && a === i ? o : (i = a, o = t(r = s, l)));
  };
}
function Z_(e, t) {
  var n = nl(e), r = n === "transform" ? P_ : Fm;
  return this.attrTween(e, typeof t == "function" ? (n.local ? K_ : Q_)(n, r, Tc(this, "attr." + e, t)) : t == null ? (n.local ? Y_ : U_)(n) : (n.local ? G_ : X_)(n, r, t));
}
function q_(e, t) {
  return function(n) {
    this.setAttribute(e, t.call(this, n));
  };
}
function J_(e, t) {
  return function(n) {
    this.setAttributeNS(e.space, e.local, t.call(this, n));
  };
}
function eS(e, t) {
  var n, r;
  function i() {
    var o = t.apply(this, arguments);
    return o !== r && (n = (r = o) && J_(e, o)), n;
  }
  return i._value = t, i;
}
function tS(e, t) {
  var n, r;
  function i() {
    var o = t.apply(this, arguments);
    return o !== r && (n = (r = o) && q_(e, o)), n;
  }
  return i._value = t, i;
}
function nS(e, t) {
  var n = "attr." + e;
  if (arguments.length < 2) return (n = this.tween(n)) && n._value;
  if (t == null) return this.tween(n, null);
  if (typeof t != "function") throw new Error();
  var r = nl(e);
  return this.tween(n, (r.local ? eS : tS)(r, t));
}
function rS(e, t) {
  return function() {
    $c(this, e).delay = +t.apply(this, arguments);
  };
}
function iS(e, t) {
  return t = +t, function() {
    $c(this, e).delay = t;
  };
}
function oS(e) {
  var t = this._id;
  return arguments.length ? this.each((typeof e == "function" ? rS : iS)(t, e)) : _t(this.node(), t).delay;
}
function sS(e, t) {
  return function() {
    Ot(this, e).duration = +t.apply(this, arguments);
  };
}
function lS(e, t) {
  return t = +t, function() {
    Ot(this, e).duration = t;
  };
}
function aS(e) {
  var t = this._id;
  return arguments.length ? this.each((typeof e == "function" ? sS : lS)(t, e)) : _t(this.node(), t).duration;
}
function uS(e, t) {
  if (typeof t != "function") throw new Error();
  return function() {
    Ot(this, e).ease = t;
  };
}
function cS(e) {
  var t = this._id;
  return arguments.length ? this.each(uS(t, e)) : _t(this.node(), t).ease;
}
function fS(e, t) {
  return function() {
    var n = t.apply(this, arguments);
    if (typeof n != "function") throw new Error();
    Ot(this, e).ease = n;
  };
}
function dS(e) {
  if (typeof e != "function") throw new Error();
  return this.each(fS(this._id, e));
}
function hS(e) {
  typeof e != "function" && (e = lm(e));
  for (var t = this._groups, n = t.length, r = new Array(n), i = 0; i < n; ++i)
    for (var o = t[i], s = o.length, l = r[i] = [], a, u = 0; u < s; ++u)
      (a = o[u]) && e.call(a, a.__data__, u, o) && l.push(a);
  return new qt(r, this._parents, this._name, this._id);
}
function pS(e) {
  if (e._id !== this._id) throw new Error();
  for (var t = this._groups, n = e._groups, r = t.length, i = n.length, o = Math.min(r, i), s = new Array(r), l = 0; l < o; ++l)
    for (var a = t[l], u = n[l], c = a.length, d = s[l] = new Array(c), f, p = 0; p < c; ++p)
      (f = a[p] || u[p]) && (d[p] = f);
  for (; l < r; ++l)
    s[l] = t[l];
  return new qt(s, this._parents, this._name, this._id);
}
function gS(e) {
  return (e + "").trim().split(/^|\s+/).every(function(t) {
    var n = t.indexOf(".");
    return n >= 0 && (t = t.slice(0, n)), !t || t === "start";
  });
}
function mS(e, t, n) {
  var r, i, o = gS(t) ? $c : Ot;
  return function() {
    var s = o(this, e), l = s.on;
    l !== r && (i = (r = l).copy()).on(t, n), s.on = i;
  };
}
function yS(e, t) {
  var n = this._id;
  return arguments.length < 2 ? _t(this.node(), n).on.on(e) : this.each(mS(n, e, t));
}
function vS(e) {
  return function() {
    var t = this.parentNode;
    for (var n in this.__transition) if (+n !== e) return;
    t && t.removeChild(this);
  };
}
function wS() {
  return this.on("end.remove", vS(this._id));
}
function xS(e) {
  var t = this._name, n = this._id;
  typeof e != "function" && (e = xc(e));
  for (var r = this._groups, i = r.length, o = new Array(i), s = 0; s < i; ++s)
    for (var l = r[s], a = l.length, u = o[s] = new Array(a), c, d, f = 0; f < a; ++f)
      (c = l[f]) && (d = e.call(c, c.__data__, f, l)) && ("__data__" in c && (d.__data__ = c.__data__), u[f] = d, sl(u[f], t, n, f, u, _t(c, n)));
  return new qt(o, this._parents, t, n);
}
function ES(e) {
  var t = this._name, n = this._id;
  typeof e != "function" && (e = sm(e));
  for (var r = this._groups, i = r.length, o = [], s = [], l = 0; l < i; ++l)
    for (var a = r[l], u = a.length, c, d = 0; d < u; ++d)
      if (c = a[d]) {
        for (var f = e.call(c, c.__data__, d, a), p, h = _t(c, n), v = 0, E = f.length; v < E; ++v)
          (p = f[v]) && sl(p, t, n, v, f, h);
        o.push(f), s.push(c);
      }
  return new qt(o, s, t, n);
}
var _S = to.prototype.constructor;
function SS() {
  return new _S(this._groups, this._parents);
}
function kS(e, t) {
  var n, r, i;
  return function() {
    var o = Or(this, e), s = (this.style.removeProperty(e), Or(this, e));
    return o === s ? null : o === n && s === r ? i : i = t(n = o, r = s);
  };
}
function Hm(e) {
  return function() {
    this.style.removeProperty(e);
  };
}
function NS(e, t, n) {
  var r, i = n + "", o;
  return function() {
    var s = Or(this, e);
    return s === i ? null : s === r ? o : o = t(r = s, n);
  };
}
function CS(e, t, n) {
  var r, i, o;
  return function() {
    var s = Or(this, e), l = n(this), a = l + "";
    return l == null && (a = l = (this.style.removeProperty(e), Or(this, e))), s === a ? null : s === r && a === i ? o : (i = a, o = t(r = s, l));
  };
}
function MS(e, t) {
  var n, r, i, o = "style." + t, s = "end." + o, l;
  return function() {
    var a = Ot(this, e), u = a.on, c = a.value[o] == null ? l || (l = Hm(t)) : void 0;
    (u !== n || i !== c) && (r = (n = u).copy()).on(s, i = c), a.on = r;
  };
}
function IS(e, t, n) {
  var r = (e += "") == "transform" ? I_ : Fm;
  return t == null ? this.styleTween(e, kS(e, r)).on("end.style." + e, Hm(e)) : typeof t == "function" ? this.styleTween(e, CS(e, r, Tc(this, "style." + e, t))).each(MS(this._id, e)) : this.styleTween(e, NS(e, r, t), n).on("end.style." + e, null);
}
function PS(e, t, n) {
  return function(r) {
    this.style.setProperty(e, t.call(this, r), n);
  };
}
function $S(e, t, n) {
  var r, i;
  function o() {
    var s = t.apply(this, arguments);
    return s !== i && (r = (i = s) && PS(e, s, n)), r;
  }
  return o._value = t, o;
}
function TS(e, t, n) {
  var r = "style." + (e += "");
  if (arguments.length < 2) return (r = this.tween(r)) && r._value;
  if (t == null) return this.tween(r, null);
  if (typeof t != "function") throw new Error();
  return this.tween(r, $S(e, t, n ?? ""));
}
function bS(e) {
  return function() {
    this.textContent = e;
  };
}
function LS(e) {
  return function() {
    var t = e(this);
    this.textContent = t ?? "";
  };
}
function zS(e) {
  return this.tween("text", typeof e == "function" ? LS(Tc(this, "text", e)) : bS(e == null ? "" : e + ""));
}
function OS(e) {
  return function(t) {
    this.textContent = e.call(this, t);
  };
}
function jS(e) {
  var t, n;
  function r() {
    var i = e.apply(this, arguments);
    return i !== n && (t = (n = i) && OS(i)), t;
  }
  return r._value = e, r;
}
function RS(e) {
  var t = "text";
  if (arguments.length < 1) return (t = this.tween(t)) && t._value;
  if (e == null) return this.tween(t, null);
  if (typeof e != "function") throw new Error();
  return this.tween(t, jS(e));
}
function DS() {
  for (var e = this._name, t = this._id, n = Vm(), r = this._groups, i = r.length, o = 0; o < i; ++o)
    for (var s = r[o], l = s.length, a, u = 0; u < l; ++u)
      if (a = s[u]) {
        var c = _t(a, t);
        sl(a, e, n, u, s, {
          time: c.time + c.delay + c.duration,
          delay: 0,
          duration: c.duration,
          ease: c.ease
        });
      }
  return new qt(r, this._parents, e, n);
}
function AS() {
  var e, t, n = this, r = n._id, i = n.size();
  return new Promise(function(o, s) {
    var l = { value: s }, a = { value: function() {
      --i === 0 && o();
    } };
    n.each(function() {
      var u = Ot(this, r), c = u.on;
      c !== e && (t = (e = c).copy(), t._.cancel.push(l), t._.interrupt.push(l), t._.end.push(a)), u.on = t;
    }), i === 0 && o();
  });
}
var FS = 0;
function qt(e, t, n, r) {
  this._groups = e, this._parents = t, this._name = n, this._id = r;
}
function Vm() {
  return ++FS;
}
var At = to.prototype;
qt.prototype = {
  constructor: qt,
  select: xS,
  selectAll: ES,
  selectChild: At.selectChild,
  selectChildren: At.selectChildren,
  filter: hS,
  merge: pS,
  selection: SS,
  transition: DS,
  call: At.call,
  nodes: At.nodes,
  node: At.node,
  size: At.size,
  empty: At.empty,
  each: At.each,
  on: yS,
  attr: Z_,
  attrTween: nS,
  style: IS,
  styleTween: TS,
  text: zS,
  textTween: RS,
  remove: wS,
  tween: W_,
  delay: oS,
  duration: aS,
  ease: cS,
  easeVarying: dS,
  end: AS,
  [Symbol.iterator]: At[Symbol.iterator]
};
var HS = {
  time: null,
  // Set on use.
  delay: 0,
  duration: 250,
  ease: R_
};
function VS(e, t) {
  for (var n; !(n = e.__transition) || !(n = n[t]); )
    if (!(e = e.parentNode))
      throw new Error(`transition ${t} not found`);
  return n;
}
function BS(e) {
  var t, n;
  e instanceof qt ? (t = e._id, e = e._name) : (t = Vm(), (n = HS).time = Nc(), e = e == null ? null : e + "");
  for (var r = this._groups, i = r.length, o = 0; o < i; ++o)
    for (var s = r[o], l = s.length, a, u = 0; u < l; ++u)
      (a = s[u]) && sl(a, e, t, u, s, n || VS(a, t));
  return new qt(r, this._parents, e, t);
}
to.prototype.interrupt = H_;
to.prototype.transition = BS;
var $o = (e) => () => e;
function WS(e, {
  sourceEvent: t,
  target: n,
  transform: r,
  dispatch: i
}) {
  Object.defineProperties(this, {
    type: { value: e, enumerable: !0, configurable: !0 },
    sourceEvent: { value: t, enumerable: !0, configurable: !0 },
    target: { value: n, enumerable: !0, configurable: !0 },
    transform: { value: r, enumerable: !0, configurable: !0 },
    _: { value: i }
  });
}
function Yt(e, t, n) {
  this.k = e, this.x = t, this.y = n;
}
Yt.prototype = {
  constructor: Yt,
  scale: function(e) {
    return e === 1 ? this : new Yt(this.k * e, this.x, this.y);
  },
  translate: function(e, t) {
    return e === 0 & t === 0 ? this : new Yt(this.k, this.x + this.k * e, this.y + this.k * t);
  },
  apply: function(e) {
    return [e[0] * this.k + this.x, e[1] * this.k + this.y];
  },
  applyX: function(e) {
    return e * this.k + this.x;
  },
  applyY: function(e) {
    return e * this.k + this.y;
  },
  invert: function(e) {
    return [(e[0] - this.x) / this.k, (e[1] - this.y) / this.k];
  },
  invertX: function(e) {
    return (e - this.x) / this.k;
  },
  invertY: function(e) {
    return (e - this.y) / this.k;
  },
  rescaleX: function(e) {
    return e.copy().domain(e.range().map(this.invertX, this).map(e.invert, e));
  },
  rescaleY: function(e) {
    return e.copy().domain(e.range().map(this.invertY, this).map(e.invert, e));
  },
  toString: function() {
    return "translate(" + this.x + "," + this.y + ") scale(" + this.k + ")";
  }
};
var ll = new Yt(1, 0, 0);
Bm.prototype = Yt.prototype;
function Bm(e) {
  for (; !e.__zoom; ) if (!(e = e.parentNode)) return ll;
  return e.__zoom;
}
function na(e) {
  e.stopImmediatePropagation();
}
function oi(e) {
  e.preventDefault(), e.stopImmediatePropagation();
}
function US(e) {
  return (!e.ctrlKey || e.type === "wheel") && !e.button;
}
function YS() {
  var e = this;
  return e instanceof SVGElement ? (e = e.ownerSVGElement || e, e.hasAttribute("viewBox") ? (e = e.viewBox.baseVal, [[e.x, e.y], [e.x + e.width, e.y + e.height]]) : [[0, 0], [e.width.baseVal.value, e.height.baseVal.value]]) : [[0, 0], [e.clientWidth, e.clientHeight]];
}
function Td() {
  return this.__zoom || ll;
}
function XS(e) {
  return -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 2e-3) * (e.ctrlKey ? 10 : 1);
}
function GS() {
  return navigator.maxTouchPoints || "ontouchstart" in this;
}
function QS(e, t, n) {
  var r = e.invertX(t[0][0]) - n[0][0], i = e.invertX(t[1][0]) - n[1][0], o = e.invertY(t[0][1]) - n[0][1], s = e.invertY(t[1][1]) - n[1][1];
  return e.translate(
    i > r ? (r + i) / 2 : Math.min(0, r) || Math.max(0, i),
    s > o ? (o + s) / 2 : Math.min(0, o) || Math.max(0, s)
  );
}
function Wm() {
  var e = US, t = YS, n = QS, r = XS, i = GS, o = [0, 1 / 0], s = [[-1 / 0, -1 / 0], [1 / 0, 1 / 0]], l = 250, a = Qo, u = tl("start", "zoom", "end"), c, d, f, p = 500, h = 150, v = 0, E = 10;
  function g(x) {
    x.property("__zoom", Td).on("wheel.zoom", P, { passive: !1 }).on("mousedown.zoom", L).on("dblclick.zoom", R).filter(i).on("touchstart.zoom", D).on("touchmove.zoom", $).on("touchend.zoom touchcancel.zoom", T).style("-webkit-tap-highlight-color", "rgba(0,0,0,0)");
  }
  g.transform = function(x, C, b, O) {
    var I = x.selection ? x.selection() : x;
    I.property("__zoom", Td), x !== I ? S(x, C, b, O) : I.interrupt().each(function() {
      k(this, arguments).event(O).start().zoom(null, typeof C == "function" ? C.apply(this, arguments) : C).end();
    });
  }, g.scaleBy = function(x, C, b, O) {
    g.scaleTo(x, function() {
      var I = this.__zoom.k, M = typeof C == "function" ? C.apply(this, arguments) : C;
      return I * M;
    }, b, O);
  }, g.scaleTo = function(x, C, b, O) {
    g.transform(x, function() {
      var I = t.apply(this, arguments), M = this.__zoom, z = b == null ? w(I) : typeof b == "function" ? b.apply(this, arguments) : b, A = M.invert(z), H = typeof C == "function" ? C.apply(this, arguments) : C;
      return n(m(y(M, H), z, A), I, s);
    }, b, O);
  }, g.translateBy = function(x, C, b, O) {
    g.transform(x, function() {
      return n(this.__zoom.translate(
        typeof C == "function" ? C.apply(this, arguments) : C,
        typeof b == "function" ? b.apply(this, arguments) : b
      ), t.apply(this, arguments), s);
    }, null, O);
  }, g.translateTo = function(x, C, b, O, I) {
    g.transform(x, function() {
      var M = t.apply(this, arguments), z = this.__zoom, A = O == null ? w(M) : typeof O == "function" ? O.apply(this, arguments) : O;
      return n(ll.translate(A[0], A[1]).scale(z.k).translate(
        typeof C == "function" ? -C.apply(this, arguments) : -C,
        typeof b == "function" ? -b.apply(this, arguments) : -b
      ), M, s);
    }, O, I);
  };
  function y(x, C) {
    return C = Math.max(o[0], Math.min(o[1], C)), C === x.k ? x : new Yt(C, x.x, x.y);
  }
  function m(x, C, b) {
    var O = C[0] - b[0] * x.k, I = C[1] - b[1] * x.k;
    return O === x.x && I === x.y ? x : new Yt(x.k, O, I);
  }
  function w(x) {
    return [(+x[0][0] + +x[1][0]) / 2, (+x[0][1] + +x[1][1]) / 2];
  }
  function S(x, C, b, O) {
    x.on("start.zoom", function() {
      k(this, arguments).event(O).start();
    }).on("interrupt.zoom end.zoom", function() {
      k(this, arguments).event(O).end();
    }).tween("zoom", function() {
      var I = this, M = arguments, z = k(I, M).event(O), A = t.apply(I, M), H = b == null ? w(A) : typeof b == "function" ? b.apply(I, M) : b, Y = Math.max(A[1][0] - A[0][0], A[1][1] - A[0][1]), B = I.__zoom, Z = typeof C == "function" ? C.apply(I, M) : C, ee = a(B.invert(H).concat(Y / B.k), Z.invert(H).concat(Y / Z.k));
      return function(X) {
        if (X === 1) X = Z;
        else {
          var F = ee(X), W = Y / F[2];
          X = new Yt(W, H[0] - F[0] * W, H[1] - F[1] * W);
        }
        z.zoom(null, X);
      };
    });
  }
  function k(x, C, b) {
    return !b && x.__zooming || new N(x, C);
  }
  function N(x, C) {
    this.that = x, this.args = C, this.active = 0, this.sourceEvent = null, this.extent = t.apply(x, C), this.taps = 0;
  }
  N.prototype = {
    event: function(x) {
      return x && (this.sourceEvent = x), this;
    },
    start: function() {
      return ++this.active === 1 && (this.that.__zooming = this, this.emit("start")), this;
    },
    zoom: function(x, C) {
      return this.mouse && x !== "mouse" && (this.mouse[1] = C.invert(this.mouse[0])), this.touch0 && x !== "touch" && (this.touch0[1] = C.invert(this.touch0[0])), this.touch1 && x !== "touch" && (this.touch1[1] = C.invert(this.touch1[0])), this.that.__zoom = C, this.emit("zoom"), this;
    },
    end: function() {
      return --this.active === 0 && (delete this.that.__zooming, this.emit("end")), this;
    },
    emit: function(x) {
      var C = Xe(this.that).datum();
      u.call(
        x,
        this.that,
        new WS(x, {
          sourceEvent: this.sourceEvent,
          target: g,
          transform: this.that.__zoom,
          dispatch: u
        }),
        C
      );
    }
  };
  function P(x, ...C) {
    if (!e.apply(this, arguments)) return;
    var b = k(this, C).event(x), O = this.__zoom, I = Math.max(o[0], Math.min(o[1], O.k * Math.pow(2, r.apply(this, arguments)))), M = ht(x);
    if (b.wheel)
      (b.mouse[0][0] !== M[0] || b.mouse[0][1] !== M[1]) && (b.mouse[1] = O.invert(b.mouse[0] = M)), clearTimeout(b.wheel);
    else {
      if (O.k === I) return;
      b.mouse = [M, O.invert(M)], qo(this), b.start();
    }
    oi(x), b.wheel = setTimeout(z, h), b.zoom("mouse", n(m(y(O, I), b.mouse[0], b.mouse[1]), b.extent, s));
    function z() {
      b.wheel = null, b.end();
    }
  }
  function L(x, ...C) {
    if (f || !e.apply(this, arguments)) return;
    var b = x.currentTarget, O = k(this, C, !0).event(x), I = Xe(x.view).on("mousemove.zoom", H, !0).on("mouseup.zoom", Y, !0), M = ht(x, b), z = x.clientX, A = x.clientY;
    ym(x.view), na(x), O.mouse = [M, this.__zoom.invert(M)], qo(this), O.start();
    function H(B) {
      if (oi(B), !O.moved) {
        var Z = B.clientX - z, ee = B.clientY - A;
        O.moved = Z * Z + ee * ee > v;
      }
      O.event(B).zoom("mouse", n(m(O.that.__zoom, O.mouse[0] = ht(B, b), O.mouse[1]), O.extent, s));
    }
    function Y(B) {
      I.on("mousemove.zoom mouseup.zoom", null), vm(B.view, O.moved), oi(B), O.event(B).end();
    }
  }
  function R(x, ...C) {
    if (e.apply(this, arguments)) {
      var b = this.__zoom, O = ht(x.changedTouches ? x.changedTouches[0] : x, this), I = b.invert(O), M = b.k * (x.shiftKey ? 0.5 : 2), z = n(m(y(b, M), O, I), t.apply(this, C), s);
      oi(x), l > 0 ? Xe(this).transition().duration(l).call(S, z, O, x) : Xe(this).call(g.transform, z, O, x);
    }
  }
  function D(x, ...C) {
    if (e.apply(this, arguments)) {
      var b = x.touches, O = b.length, I = k(this, C, x.changedTouches.length === O).event(x), M, z, A, H;
      for (na(x), z = 0; z < O; ++z)
        A = b[z], H = ht(A, this), H = [H, this.__zoom.invert(H), A.identifier], I.touch0 ? !I.touch1 && I.touch0[2] !== H[2] && (I.touch1 = H, I.taps = 0) : (I.touch0 = H, M = !0, I.taps = 1 + !!c);
      c && (c = clearTimeout(c)), M && (I.taps < 2 && (d = H[0], c = setTimeout(function() {
        c = null;
      }, p)), qo(this), I.start());
    }
  }
  function $(x, ...C) {
    if (this.__zooming) {
      var b = k(this, C).event(x), O = x.changedTouches, I = O.length, M, z, A, H;
      for (oi(x), M = 0; M < I; ++M)
        z = O[M], A = ht(z, this), b.touch0 && b.touch0[2] === z.identifier ? b.touch0[0] = A : b.touch1 && b.touch1[2] === z.identifier && (b.touch1[0] = A);
      if (z = b.that.__zoom, b.touch1) {
        var Y = b.touch0[0], B = b.touch0[1], Z = b.touch1[0], ee = b.touch1[1], X = (X = Z[0] - Y[0]) * X + (X = Z[1] - Y[1]) * X, F = (F = ee[0] - B[0]) * F + (F = ee[1] - B[1]) * F;
        z = y(z, Math.sqrt(X / F)), A = [(Y[0] + Z[0]) / 2, (Y[1] + Z[1]) / 2], H = [(B[0] + ee[0]) / 2, (B[1] + ee[1]) / 2];
      } else if (b.touch0) A = b.touch0[0], H = b.touch0[1];
      else return;
      b.zoom("touch", n(m(z, A, H), b.extent, s));
    }
  }
  function T(x, ...C) {
    if (this.__zooming) {
      var b = k(this, C).event(x), O = x.changedTouches, I = O.length, M, z;
      for (na(x), f && clearTimeout(f), f = setTimeout(function() {
        f = null;
      }, p), M = 0; M < I; ++M)
        z = O[M], b.touch0 && b.touch0[2] === z.identifier ? delete b.touch0 : b.touch1 && b.touch1[2] === z.identifier && delete b.touch1;
      if (b.touch1 && !b.touch0 && (b.touch0 = b.touch1, delete b.touch1), b.touch0) b.touch0[1] = this.__zoom.invert(b.touch0[0]);
      else if (b.end(), b.taps === 2 && (z = ht(z, this), Math.hypot(d[0] - z[0], d[1] - z[1]) < E)) {
        var A = Xe(this).on("dblclick.zoom");
        A && A.apply(this, arguments);
      }
    }
  }
  return g.wheelDelta = function(x) {
    return arguments.length ? (r = typeof x == "function" ? x : $o(+x), g) : r;
  }, g.filter = function(x) {
    return arguments.length ? (e = typeof x == "function" ? x : $o(!!x), g) : e;
  }, g.touchable = function(x) {
    return arguments.length ? (i = typeof x == "function" ? x : $o(!!x), g) : i;
  }, g.extent = function(x) {
    return arguments.length ? (t = typeof x == "function" ? x : $o([[+x[0][0], +x[0][1]], [+x[1][0], +x[1][1]]]), g) : t;
  }, g.scaleExtent = function(x) {
    return arguments.length ? (o[0] = +x[0], o[1] = +x[1], g) : [o[0], o[1]];
  }, g.translateExtent = function(x) {
    return arguments.length ? (s[0][0] = +x[0][0], s[1][0] = +x[1][0], s[0][1] = +x[0][1], s[1][1] = +x[1][1], g) : [[s[0][0], s[0][1]], [s[1][0], s[1][1]]];
  }, g.constrain = function(x) {
    return arguments.length ? (n = x, g) : n;
  }, g.duration = function(x) {
    return arguments.length ? (l = +x, g) : l;
  }, g.interpolate = function(x) {
    return arguments.length ? (a = x, g) : a;
  }, g.on = function() {
    var x = u.on.apply(u, arguments);
    return x === u ? g : x;
  }, g.clickDistance = function(x) {
    return arguments.length ? (v = (x = +x) * x, g) : Math.sqrt(v);
  }, g.tapDistance = function(x) {
    return arguments.length ? (E = +x, g) : E;
  }, g;
}
const Et = {
  error001: (e = "react") => `Seems like you have not used ${e === "svelte" ? "SvelteFlowProvider" : "ReactFlowProvider"} as an ancestor. Help: https://${e}flow.dev/error#001`,
  error002: () => "It looks like you've created a new nodeTypes or edgeTypes object. If this wasn't on purpose please define the nodeTypes/edgeTypes outside of the component or memoize them.",
  error003: (e) => `Node type "${e}" not found. Using fallback type "default".`,
  error004: () => "The parent container needs a width and a height to render the graph.",
  error005: () => "Only child nodes can use a parent extent.",
  error006: () => "Can't create edge. An edge needs a source and a target.",
  error007: (e) => `The old edge with id=${e} does not exist.`,
  error009: (e) => `Marker type "${e}" doesn't exist.`,
  error008: (e, { id: t, sourceHandle: n, targetHandle: r }) => `Couldn't create edge for ${e} handle id: "${e === "source" ? n : r}", edge id: ${t}.`,
  error010: () => "Handle: No node id found. Make sure to only use a Handle inside a custom Node.",
  error011: (e) => `Edge type "${e}" not found. Using fallback type "default".`,
  error012: (e) => `Node with id "${e}" does not exist, it may have been removed. This can happen when a node is deleted before the "onNodeClick" handler is called.`,
  error013: (e = "react") => `It seems that you haven't loaded the styles. Please import '@xyflow/${e}/dist/style.css' or base.css to make sure everything is working properly.`,
  error014: () => "useNodeConnections: No node ID found. Call useNodeConnections inside a custom Node or provide a node ID.",
  error015: () => "It seems that you are trying to drag a node that is not initialized. Please use onNodesChange as explained in the docs.",
  error016: (e) => `Edge with id "${e}" does not exist, it may have been removed. This can happen when an edge is deleted before the "onEdgeClick" handler is called.`
}, Ui = [
  [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
  [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]
], Um = ["Enter", " ", "Escape"], Ym = {
  "node.a11yDescription.default": "Press enter or space to select a node. Press delete to remove it and escape to cancel.",
  "node.a11yDescription.keyboardDisabled": "Press enter or space to select a node. You can then use the arrow keys to move the node around. Press delete to remove it and escape to cancel.",
  "node.a11yDescription.ariaLiveMessage": ({ direction: e, x: t, y: n }) => `Moved selected node ${e}. New position, x: ${t}, y: ${n}`,
  "edge.a11yDescription.default": "Press enter or space to select an edge. You can then press delete to remove it or escape to cancel.",
  // Control elements
  "controls.ariaLabel": "Control Panel",
  "controls.zoomIn.ariaLabel": "Zoom In",
  "controls.zoomOut.ariaLabel": "Zoom Out",
  "controls.fitView.ariaLabel": "Fit View",
  "controls.interactive.ariaLabel": "Toggle Interactivity",
  // Mini map
  "minimap.ariaLabel": "Mini Map",
  // Handle
  "handle.ariaLabel": "Handle"
};
var Ar;
(function(e) {
  e.Strict = "strict", e.Loose = "loose";
})(Ar || (Ar = {}));
var Vn;
(function(e) {
  e.Free = "free", e.Vertical = "vertical", e.Horizontal = "horizontal";
})(Vn || (Vn = {}));
var Yi;
(function(e) {
  e.Partial = "partial", e.Full = "full";
})(Yi || (Yi = {}));
const Xm = {
  inProgress: !1,
  isValid: null,
  from: null,
  fromHandle: null,
  fromPosition: null,
  fromNode: null,
  to: null,
  toHandle: null,
  toPosition: null,
  toNode: null,
  pointer: null
};
var un;
(function(e) {
  e.Bezier = "default", e.Straight = "straight", e.Step = "step", e.SmoothStep = "smoothstep", e.SimpleBezier = "simplebezier";
})(un || (un = {}));
var Ts;
(function(e) {
  e.Arrow = "arrow", e.ArrowClosed = "arrowclosed";
})(Ts || (Ts = {}));
var Q;
(function(e) {
  e.Left = "left", e.Top = "top", e.Right = "right", e.Bottom = "bottom";
})(Q || (Q = {}));
const bd = {
  [Q.Left]: Q.Right,
  [Q.Right]: Q.Left,
  [Q.Top]: Q.Bottom,
  [Q.Bottom]: Q.Top
}, Gm = (e) => !!e && typeof e == "object" && "id" in e && "source" in e && "target" in e, KS = (e) => !!e && typeof e == "object" && "id" in e && "position" in e && !("source" in e) && !("target" in e), bc = (e) => !!e && typeof e == "object" && "id" in e && "internals" in e && !("source" in e) && !("target" in e), ro = (e, t = [0, 0]) => {
  const { width: n, height: r } = St(e), i = e.origin ?? t, o = n * i[0], s = r * i[1];
  return {
    x: e.position.x - o,
    y: e.position.y - s
  };
}, ZS = (e, t = { nodeOrigin: [0, 0] }) => {
  if (e.length === 0)
    return { x: 0, y: 0, width: 0, height: 0 };
  let n = !1;
  const r = e.reduce((i, o) => {
    const s = typeof o == "string";
    let l = !t.nodeLookup && !s ? o : void 0;
    return t.nodeLookup && (l = s ? t.nodeLookup.get(o) : bc(o) ? o : t.nodeLookup.get(o.id)), l ? (n = !0, al(i, bs(l, t.nodeOrigin))) : i;
  }, { x: 1 / 0, y: 1 / 0, x2: -1 / 0, y2: -1 / 0 });
  return n ? ul(r) : { x: 0, y: 0, width: 0, height: 0 };
}, io = (e, t = {}) => {
  let n = { x: 1 / 0, y: 1 / 0, x2: -1 / 0, y2: -1 / 0 }, r = !1;
  return e.forEach((i) => {
    (t.filter === void 0 || t.filter(i)) && (n = al(n, bs(i)), r = !0);
  }), r ? ul(n) : { x: 0, y: 0, width: 0, height: 0 };
}, Lc = (e, t, [n, r, i] = [0, 0, 1], o = !1, s = !1) => {
  const l = (t.x - n) / i, a = (t.y - r) / i, u = t.width / i, c = t.height / i, d = [];
  for (const f of e.values()) {
    const { measured: p, selectable: h = !0, hidden: v = !1 } = f;
    if (s && !h || v)
      continue;
    const E = p.width ?? f.width ?? f.initialWidth ?? 0, g = p.height ?? f.height ?? f.initialHeight ?? 0, { x: y, y: m } = f.internals.positionAbsolute, w = qm(l, a, u, c, y, m, E, g), S = E * g, k = o && w > 0;
    (!f.internals.handleBounds || k || w >= S || f.dragging) && d.push(f);
  }
  return d;
}, qS = (e, t) => {
  const n = /* @__PURE__ */ new Set();
  return e.forEach((r) => {
    n.add(r.id);
  }), t.filter((r) => n.has(r.source) || n.has(r.target));
};
function JS(e, t) {
  const n = /* @__PURE__ */ new Map(), r = t != null && t.nodes ? new Set(t.nodes.map((i) => i.id)) : null;
  return e.forEach((i) => {
    let o;
    if (t != null && t.includeHiddenNodes) {
      const { width: s, height: l } = St(i);
      o = s > 0 && l > 0;
    } else
      o = !!(i.measured.width && i.measured.height && !i.hidden);
    o && (!r || r.has(i.id)) && n.set(i.id, i);
  }), n;
}
async function ek({ nodes: e, width: t, height: n, panZoom: r, minZoom: i, maxZoom: o }, s) {
  if (e.size === 0)
    return !0;
  const l = JS(e, s), a = io(l), u = Oc(a, t, n, (s == null ? void 0 : s.minZoom) ?? i, (s == null ? void 0 : s.maxZoom) ?? o, (s == null ? void 0 : s.padding) ?? 0.1);
  return await r.setViewport(u, {
    duration: s == null ? void 0 : s.duration,
    ease: s == null ? void 0 : s.ease,
    interpolate: s == null ? void 0 : s.interpolate
  }), !0;
}
function Qm({ nodeId: e, nextPosition: t, nodeLookup: n, nodeOrigin: r = [0, 0], nodeExtent: i, onError: o }) {
  const s = n.get(e), l = s.parentId ? n.get(s.parentId) : void 0, { x: a, y: u } = l ? l.internals.positionAbsolute : { x: 0, y: 0 }, c = s.origin ?? r;
  let d = s.extent || i;
  if (s.extent === "parent" && !s.expandParent)
    if (!l)
      o == null || o("005", Et.error005());
    else {
      const { width: p, height: h } = St(l);
      p && h && (d = [
        [a, u],
        [a + p, u + h]
      ]);
    }
  else l && qn(s.extent) && (d = [
    [s.extent[0][0] + a, s.extent[0][1] + u],
    [s.extent[1][0] + a, s.extent[1][1] + u]
  ]);
  const f = qn(d) ? Zn(t, d, s.measured) : t;
  return (s.measured.width === void 0 || s.measured.height === void 0) && (o == null || o("015", Et.error015())), {
    position: {
      x: f.x - a + (s.measured.width ?? 0) * c[0],
      y: f.y - u + (s.measured.height ?? 0) * c[1]
    },
    positionAbsolute: f
  };
}
async function tk({ nodesToRemove: e = [], edgesToRemove: t = [], nodes: n, edges: r, onBeforeDelete: i }) {
  const o = new Set(e.map((f) => f.id)), s = [];
  for (const f of n) {
    if (f.deletable === !1)
      continue;
    const p = o.has(f.id), h = !p && f.parentId && s.find((v) => v.id === f.parentId);
    (p || h) && s.push(f);
  }
  const l = new Set(t.map((f) => f.id)), a = r.filter((f) => f.deletable !== !1), c = qS(s, a);
  for (const f of a)
    l.has(f.id) && !c.find((h) => h.id === f.id) && c.push(f);
  if (!i)
    return {
      edges: c,
      nodes: s
    };
  const d = await i({
    nodes: s,
    edges: c
  });
  return typeof d == "boolean" ? d ? { edges: c, nodes: s } : { edges: [], nodes: [] } : d;
}
const Fr = (e, t = 0, n = 1) => Math.min(Math.max(e, t), n), Zn = (e = { x: 0, y: 0 }, t, n) => ({
  x: Fr(e.x, t[0][0], t[1][0] - ((n == null ? void 0 : n.width) ?? 0)),
  y: Fr(e.y, t[0][1], t[1][1] - ((n == null ? void 0 : n.height) ?? 0))
});
function Km(e, t, n) {
  const { width: r, height: i } = St(n), { x: o, y: s } = n.internals.positionAbsolute;
  return Zn(e, [
    [o, s],
    [o + r, s + i]
  ], t);
}
const Ld = (e, t, n) => e < t ? Fr(Math.abs(e - t), 1, t) / t : e > n ? -Fr(Math.abs(e - n), 1, t) / t : 0, zc = (e, t, n = 15, r = 40) => {
  const i = Ld(e.x, r, t.width - r) * n, o = Ld(e.y, r, t.height - r) * n;
  return [i, o];
}, al = (e, t) => ({
  x: Math.min(e.x, t.x),
  y: Math.min(e.y, t.y),
  x2: Math.max(e.x2, t.x2),
  y2: Math.max(e.y2, t.y2)
}), mu = ({ x: e, y: t, width: n, height: r }) => ({
  x: e,
  y: t,
  x2: e + n,
  y2: t + r
}), ul = ({ x: e, y: t, x2: n, y2: r }) => ({
  x: e,
  y: t,
  width: n - e,
  height: r - t
}), Xi = (e, t = [0, 0]) => {
  var i, o;
  const { x: n, y: r } = bc(e) ? e.internals.positionAbsolute : ro(e, t);
  return {
    x: n,
    y: r,
    width: ((i = e.measured) == null ? void 0 : i.width) ?? e.width ?? e.initialWidth ?? 0,
    height: ((o = e.measured) == null ? void 0 : o.height) ?? e.height ?? e.initialHeight ?? 0
  };
}, bs = (e, t = [0, 0]) => {
  var i, o;
  const { x: n, y: r } = bc(e) ? e.internals.positionAbsolute : ro(e, t);
  return {
    x: n,
    y: r,
    x2: n + (((i = e.measured) == null ? void 0 : i.width) ?? e.width ?? e.initialWidth ?? 0),
    y2: r + (((o = e.measured) == null ? void 0 : o.height) ?? e.height ?? e.initialHeight ?? 0)
  };
}, Zm = (e, t) => ul(al(mu(e), mu(t))), qm = (e, t, n, r, i, o, s, l) => {
  const a = Math.max(0, Math.min(e + n, i + s) - Math.max(e, i)), u = Math.max(0, Math.min(t + r, o + l) - Math.max(t, o));
  return Math.ceil(a * u);
}, Ls = (e, t) => qm(e.x, e.y, e.width, e.height, t.x, t.y, t.width, t.height), zd = (e) => mt(e.width) && mt(e.height) && mt(e.x) && mt(e.y), mt = (e) => !isNaN(e) && isFinite(e), Jm = (e, t) => (n, r) => {
}, oo = (e, t = [1, 1]) => ({
  x: t[0] * Math.round(e.x / t[0]),
  y: t[1] * Math.round(e.y / t[1])
}), so = ({ x: e, y: t }, [n, r, i], o = !1, s = [1, 1]) => {
  const l = {
    x: (e - n) / i,
    y: (t - r) / i
  };
  return o ? oo(l, s) : l;
}, Hr = ({ x: e, y: t }, [n, r, i]) => ({
  x: e * i + n,
  y: t * i + r
});
function ir(e, t) {
  if (typeof e == "number")
    return Math.floor((t - t / (1 + e)) * 0.5);
  if (typeof e == "string" && e.endsWith("px")) {
    const n = parseFloat(e);
    if (!Number.isNaN(n))
      return Math.floor(n);
  }
  if (typeof e == "string" && e.endsWith("%")) {
    const n = parseFloat(e);
    if (!Number.isNaN(n))
      return Math.floor(t * n * 0.01);
  }
  return console.error(`The padding value "${e}" is invalid. Please provide a number or a string with a valid unit (px or %).`), 0;
}
function nk(e, t, n) {
  if (typeof e == "string" || typeof e == "number") {
    const r = ir(e, n), i = ir(e, t);
    return {
      top: r,
      right: i,
      bottom: r,
      left: i,
      x: i * 2,
      y: r * 2
    };
  }
  if (typeof e == "object") {
    const r = ir(e.top ?? e.y ?? 0, n), i = ir(e.bottom ?? e.y ?? 0, n), o = ir(e.left ?? e.x ?? 0, t), s = ir(e.right ?? e.x ?? 0, t);
    return { top: r, right: s, bottom: i, left: o, x: o + s, y: r + i };
  }
  return { top: 0, right: 0, bottom: 0, left: 0, x: 0, y: 0 };
}
function rk(e, t, n, r, i, o) {
  const { x: s, y: l } = Hr(e, [t, n, r]), { x: a, y: u } = Hr({ x: e.x + e.width, y: e.y + e.height }, [t, n, r]), c = i - a, d = o - u;
  return {
    left: Math.floor(s),
    top: Math.floor(l),
    right: Math.floor(c),
    bottom: Math.floor(d)
  };
}
const Oc = (e, t, n, r, i, o) => {
  const s = nk(o, t, n), l = (t - s.x) / e.width, a = (n - s.y) / e.height, u = Math.min(l, a), c = Fr(u, r, i), d = e.x + e.width / 2, f = e.y + e.height / 2, p = t / 2 - d * c, h = n / 2 - f * c, v = rk(e, p, h, c, t, n), E = {
    left: Math.min(v.left - s.left, 0),
    top: Math.min(v.top - s.top, 0),
    right: Math.min(v.right - s.right, 0),
    bottom: Math.min(v.bottom - s.bottom, 0)
  };
  return {
    x: p - E.left + E.right,
    y: h - E.top + E.bottom,
    zoom: c
  };
}, Gi = () => {
  var e;
  return typeof navigator < "u" && ((e = navigator == null ? void 0 : navigator.userAgent) == null ? void 0 : e.indexOf("Mac")) >= 0;
};
function qn(e) {
  return e != null && e !== "parent";
}
function St(e) {
  var t, n;
  return {
    width: ((t = e.measured) == null ? void 0 : t.width) ?? e.width ?? e.initialWidth ?? 0,
    height: ((n = e.measured) == null ? void 0 : n.height) ?? e.height ?? e.initialHeight ?? 0
  };
}
function e0(e) {
  var t, n;
  return (((t = e.measured) == null ? void 0 : t.width) ?? e.width ?? e.initialWidth) !== void 0 && (((n = e.measured) == null ? void 0 : n.height) ?? e.height ?? e.initialHeight) !== void 0;
}
function t0(e, t = { width: 0, height: 0 }, n, r, i) {
  const o = { ...e }, s = r.get(n);
  if (s) {
    const l = s.origin || i;
    o.x += s.internals.positionAbsolute.x - (t.width ?? 0) * l[0], o.y += s.internals.positionAbsolute.y - (t.height ?? 0) * l[1];
  }
  return o;
}
function Od(e, t) {
  if (e.size !== t.size)
    return !1;
  for (const n of e)
    if (!t.has(n))
      return !1;
  return !0;
}
function ik() {
  let e, t;
  return { promise: new Promise((r, i) => {
    e = r, t = i;
  }), resolve: e, reject: t };
}
function ok(e) {
  return { ...Ym, ...e || {} };
}
function n0(e) {
  return e === null ? null : e ? "valid" : "invalid";
}
function Si(e, { snapGrid: t = [0, 0], snapToGrid: n = !1, transform: r, containerBounds: i }) {
  const { x: o, y: s } = yt(e), l = so({ x: o - ((i == null ? void 0 : i.left) ?? 0), y: s - ((i == null ? void 0 : i.top) ?? 0) }, r), { x: a, y: u } = n ? oo(l, t) : l;
  return {
    xSnapped: a,
    ySnapped: u,
    ...l
  };
}
const jc = (e) => ({
  width: e.offsetWidth,
  height: e.offsetHeight
}), r0 = (e) => {
  var t;
  return ((t = e == null ? void 0 : e.getRootNode) == null ? void 0 : t.call(e)) || (window == null ? void 0 : window.document);
}, sk = ["INPUT", "SELECT", "TEXTAREA"];
function i0(e) {
  var r, i;
  const t = ((i = (r = e.composedPath) == null ? void 0 : r.call(e)) == null ? void 0 : i[0]) || e.target;
  return (t == null ? void 0 : t.nodeType) !== 1 ? !1 : sk.includes(t.nodeName) || t.hasAttribute("contenteditable") || !!t.closest(".nokey");
}
const o0 = (e) => "clientX" in e, yt = (e, t) => {
  var o, s;
  const n = o0(e), r = n ? e.clientX : (o = e.touches) == null ? void 0 : o[0].clientX, i = n ? e.clientY : (s = e.touches) == null ? void 0 : s[0].clientY;
  return {
    x: r - ((t == null ? void 0 : t.left) ?? 0),
    y: i - ((t == null ? void 0 : t.top) ?? 0)
  };
}, jd = (e, t, n, r, i) => {
  const o = t.querySelectorAll(`.${e}`);
  return !o || !o.length ? null : Array.from(o).map((s) => {
    const l = s.getBoundingClientRect();
    return {
      id: s.getAttribute("data-handleid"),
      type: e,
      nodeId: i,
      position: s.getAttribute("data-handlepos"),
      x: (l.left - n.left) / r,
      y: (l.top - n.top) / r,
      ...jc(s)
    };
  });
};
function s0({ sourceX: e, sourceY: t, targetX: n, targetY: r, sourceControlX: i, sourceControlY: o, targetControlX: s, targetControlY: l }) {
  const a = e * 0.125 + i * 0.375 + s * 0.375 + n * 0.125, u = t * 0.125 + o * 0.375 + l * 0.375 + r * 0.125, c = Math.abs(a - e), d = Math.abs(u - t);
  return [a, u, c, d];
}
function To(e, t) {
  return e >= 0 ? 0.5 * e : t * 25 * Math.sqrt(-e);
}
function Rd({ pos: e, x1: t, y1: n, x2: r, y2: i, c: o }) {
  switch (e) {
    case Q.Left:
      return [t - To(t - r, o), n];
    case Q.Right:
      return [t + To(r - t, o), n];
    case Q.Top:
      return [t, n - To(n - i, o)];
    case Q.Bottom:
      return [t, n + To(i - n, o)];
  }
}
function l0({ sourceX: e, sourceY: t, sourcePosition: n = Q.Bottom, targetX: r, targetY: i, targetPosition: o = Q.Top, curvature: s = 0.25 }) {
  const [l, a] = Rd({
    pos: n,
    x1: e,
    y1: t,
    x2: r,
    y2: i,
    c: s
  }), [u, c] = Rd({
    pos: o,
    x1: r,
    y1: i,
    x2: e,
    y2: t,
    c: s
  }), [d, f, p, h] = s0({
    sourceX: e,
    sourceY: t,
    targetX: r,
    targetY: i,
    sourceControlX: l,
    sourceControlY: a,
    targetControlX: u,
    targetControlY: c
  });
  return [
    `M${e},${t} C${l},${a} ${u},${c} ${r},${i}`,
    d,
    f,
    p,
    h
  ];
}
function a0({ sourceX: e, sourceY: t, targetX: n, targetY: r }) {
  const i = Math.abs(n - e) / 2, o = n < e ? n + i : n - i, s = Math.abs(r - t) / 2, l = r < t ? r + s : r - s;
  return [o, l, i, s];
}
function lk({ sourceNode: e, targetNode: t, selected: n = !1, zIndex: r = 0, elevateOnSelect: i = !1, zIndexMode: o = "basic" }) {
  if (o === "manual")
    return r;
  const s = i && n ? r + 1e3 : r, l = Math.max(e.parentId || i && e.selected ? e.internals.z : 0, t.parentId || i && t.selected ? t.internals.z : 0);
  return s + l;
}
function ak({ sourceNode: e, targetNode: t, width: n, height: r, transform: i }) {
  const o = al(bs(e), bs(t));
  o.x === o.x2 && (o.x2 += 1), o.y === o.y2 && (o.y2 += 1);
  const s = {
    x: -i[0] / i[2],
    y: -i[1] / i[2],
    width: n / i[2],
    height: r / i[2]
  };
  return Ls(s, ul(o)) > 0;
}
const uk = ({ source: e, sourceHandle: t, target: n, targetHandle: r }) => `xy-edge__${e}${t || ""}-${n}${r || ""}`, ck = (e, t) => t.some((n) => n.source === e.source && n.target === e.target && (n.sourceHandle === e.sourceHandle || !n.sourceHandle && !e.sourceHandle) && (n.targetHandle === e.targetHandle || !n.targetHandle && !e.targetHandle)), fk = (e, t, n = {}) => {
  var o;
  if (!e.source || !e.target)
    return (o = n.onError) == null || o.call(n, "006", Et.error006()), t;
  const r = n.getEdgeId || uk;
  let i;
  return Gm(e) ? i = { ...e } : i = {
    ...e,
    id: r(e)
  }, ck(i, t) ? t : (i.sourceHandle === null && delete i.sourceHandle, i.targetHandle === null && delete i.targetHandle, t.concat(i));
};
function u0({ sourceX: e, sourceY: t, targetX: n, targetY: r }) {
  const [i, o, s, l] = a0({
    sourceX: e,
    sourceY: t,
    targetX: n,
    targetY: r
  });
  return [`M ${e},${t}L ${n},${r}`, i, o, s, l];
}
const Dd = {
  [Q.Left]: { x: -1, y: 0 },
  [Q.Right]: { x: 1, y: 0 },
  [Q.Top]: { x: 0, y: -1 },
  [Q.Bottom]: { x: 0, y: 1 }
}, dk = ({ source: e, sourcePosition: t = Q.Bottom, target: n }) => t === Q.Left || t === Q.Right ? e.x < n.x ? { x: 1, y: 0 } : { x: -1, y: 0 } : e.y < n.y ? { x: 0, y: 1 } : { x: 0, y: -1 }, Ad = (e, t) => Math.sqrt(Math.pow(t.x - e.x, 2) + Math.pow(t.y - e.y, 2)), hk = (e, t, n) => e.x === t.x && t.x === n.x && (t.y - e.y) * (n.y - t.y) >= 0 || e.y === t.y && t.y === n.y && (t.x - e.x) * (n.x - t.x) >= 0;
function pk({ source: e, sourcePosition: t = Q.Bottom, target: n, targetPosition: r = Q.Top, center: i, offset: o, stepPosition: s }) {
  const l = Dd[t], a = Dd[r], u = { x: e.x + l.x * o, y: e.y + l.y * o }, c = { x: n.x + a.x * o, y: n.y + a.y * o }, d = dk({
    source: u,
    sourcePosition: t,
    target: c
  }), f = d.x !== 0 ? "x" : "y", p = d[f];
  let h = [], v, E;
  const g = { x: 0, y: 0 }, y = { x: 0, y: 0 }, [, , m, w] = a0({
    sourceX: e.x,
    sourceY: e.y,
    targetX: n.x,
    targetY: n.y
  });
  if (l[f] * a[f] === -1) {
    f === "x" ? (v = i.x ?? u.x + (c.x - u.x) * s, E = i.y ?? (u.y + c.y) / 2) : (v = i.x ?? (u.x + c.x) / 2, E = i.y ?? u.y + (c.y - u.y) * s);
    const P = [
      { x: v, y: u.y },
      { x: v, y: c.y }
    ], L = [
      { x: u.x, y: E },
      { x: c.x, y: E }
    ];
    l[f] === p ? h = f === "x" ? P : L : h = f === "x" ? L : P;
  } else {
    const P = [{ x: u.x, y: c.y }], L = [{ x: c.x, y: u.y }];
    if (f === "x" ? h = l.x === p ? L : P : h = l.y === p ? P : L, t === r) {
      const x = Math.abs(e[f] - n[f]);
      if (x <= o) {
        const C = Math.min(o - 1, o - x);
        l[f] === p ? g[f] = (u[f] > e[f] ? -1 : 1) * C : y[f] = (c[f] > n[f] ? -1 : 1) * C;
      }
    }
    if (t !== r) {
      const x = f === "x" ? "y" : "x", C = l[f] === a[x], b = u[x] > c[x], O = u[x] < c[x];
      (l[f] === 1 && (!C && b || C && O) || l[f] !== 1 && (!C && O || C && b)) && (h = f === "x" ? P : L);
    }
    const R = { x: u.x + g.x, y: u.y + g.y }, D = { x: c.x + y.x, y: c.y + y.y }, $ = Math.max(Math.abs(R.x - h[0].x), Math.abs(D.x - h[0].x)), T = Math.max(Math.abs(R.y - h[0].y), Math.abs(D.y - h[0].y));
    $ >= T ? (v = (R.x + D.x) / 2, E = h[0].y) : (v = h[0].x, E = (R.y + D.y) / 2);
  }
  const S = { x: u.x + g.x, y: u.y + g.y }, k = { x: c.x + y.x, y: c.y + y.y }, N = [];
  for (const P of [e, S, ...h, k, n]) {
    const [L, R] = N.slice(-2);
    R && hk(L, R, P) && N.pop(), N.push(P);
  }
  return [N, v, E, m, w];
}
function gk(e, t, n, r) {
  const i = Math.min(Ad(e, t) / 2, Ad(t, n) / 2, r), { x: o, y: s } = t;
  if (e.x === o && o === n.x || e.y === s && s === n.y)
    return `L${o} ${s}`;
  if (e.y === s) {
    const u = e.x < n.x ? -1 : 1, c = e.y < n.y ? 1 : -1;
    return `L ${o + i * u},${s}Q ${o},${s} ${o},${s + i * c}`;
  }
  const l = e.x < n.x ? 1 : -1, a = e.y < n.y ? -1 : 1;
  return `L ${o},${s + i * a}Q ${o},${s} ${o + i * l},${s}`;
}
function yu({ sourceX: e, sourceY: t, sourcePosition: n = Q.Bottom, targetX: r, targetY: i, targetPosition: o = Q.Top, borderRadius: s = 5, centerX: l, centerY: a, offset: u = 20, stepPosition: c = 0.5 }) {
  const [d, f, p, h, v] = pk({
    source: { x: e, y: t },
    sourcePosition: n,
    target: { x: r, y: i },
    targetPosition: o,
    center: { x: l, y: a },
    offset: u,
    stepPosition: c
  });
  let E = `M${d[0].x} ${d[0].y}`;
  for (let g = 1; g < d.length - 1; g++)
    E += gk(d[g - 1], d[g], d[g + 1], s);
  return E += `L${d[d.length - 1].x} ${d[d.length - 1].y}`, [E, f, p, h, v];
}
function Fd(e) {
  var t;
  return e && !!(e.internals.handleBounds || (t = e.handles) != null && t.length) && !!(e.measured.width || e.width || e.initialWidth);
}
function mk(e) {
  var d;
  const { sourceNode: t, targetNode: n } = e;
  if (!Fd(t) || !Fd(n))
    return null;
  const r = t.internals.handleBounds || Hd(t.handles), i = n.internals.handleBounds || Hd(n.handles), o = Vd((r == null ? void 0 : r.source) ?? [], e.sourceHandle), s = Vd(
    // when connection type is loose we can define all handles as sources and connect source -> source
    e.connectionMode === Ar.Strict ? (i == null ? void 0 : i.target) ?? [] : ((i == null ? void 0 : i.target) ?? []).concat((i == null ? void 0 : i.source) ?? []),
    e.targetHandle
  );
  if (!o || !s)
    return (d = e.onError) == null || d.call(e, "008", Et.error008(o ? "target" : "source", {
      id: e.id,
      sourceHandle: e.sourceHandle,
      targetHandle: e.targetHandle
    })), null;
  const l = (o == null ? void 0 : o.position) || Q.Bottom, a = (s == null ? void 0 : s.position) || Q.Top, u = Jn(t, o, l), c = Jn(n, s, a);
  return {
    sourceX: u.x,
    sourceY: u.y,
    targetX: c.x,
    targetY: c.y,
    sourcePosition: l,
    targetPosition: a
  };
}
function Hd(e) {
  if (!e)
    return null;
  const t = [], n = [];
  for (const r of e)
    r.width = r.width ?? 1, r.height = r.height ?? 1, r.type === "source" ? t.push(r) : r.type === "target" && n.push(r);
  return {
    source: t,
    target: n
  };
}
function Jn(e, t, n = Q.Left, r = !1) {
  const i = ((t == null ? void 0 : t.x) ?? 0) + e.internals.positionAbsolute.x, o = ((t == null ? void 0 : t.y) ?? 0) + e.internals.positionAbsolute.y, { width: s, height: l } = t ?? St(e);
  if (r)
    return { x: i + s / 2, y: o + l / 2 };
  switch ((t == null ? void 0 : t.position) ?? n) {
    case Q.Top:
      return { x: i + s / 2, y: o };
    case Q.Right:
      return { x: i + s, y: o + l / 2 };
    case Q.Bottom:
      return { x: i + s / 2, y: o + l };
    case Q.Left:
      return { x: i, y: o + l / 2 };
  }
}
function Vd(e, t) {
  return e && (t ? e.find((n) => n.id === t) : e[0]) || null;
}
function vu(e, t) {
  return e ? typeof e == "string" ? e : `${t ? `${t}__` : ""}${Object.keys(e).sort().map((r) => `${r}=${e[r]}`).join("&")}` : "";
}
function yk(e, { id: t, defaultColor: n, defaultMarkerStart: r, defaultMarkerEnd: i }) {
  const o = /* @__PURE__ */ new Set();
  return e.reduce((s, l) => ([l.markerStart || r, l.markerEnd || i].forEach((a) => {
    if (a && typeof a == "object") {
      const u = vu(a, t);
      o.has(u) || (s.push({ id: u, color: a.color || n, ...a }), o.add(u));
    }
  }), s), []).sort((s, l) => s.id.localeCompare(l.id));
}
const c0 = 1e3, vk = 10, Rc = {
  nodeOrigin: [0, 0],
  nodeExtent: Ui,
  elevateNodesOnSelect: !0,
  zIndexMode: "basic",
  defaults: {}
}, wk = {
  ...Rc,
  checkEquality: !0
};
function Dc(e, t) {
  const n = { ...e };
  for (const r in t)
    t[r] !== void 0 && (n[r] = t[r]);
  return n;
}
function xk(e, t, n) {
  const r = Dc(Rc, n);
  for (const i of e.values())
    if (i.parentId)
      Fc(i, e, t, r);
    else {
      const o = ro(i, r.nodeOrigin), s = qn(i.extent) ? i.extent : r.nodeExtent, l = Zn(o, s, St(i));
      i.internals.positionAbsolute = l;
    }
}
function Ek(e, t) {
  if (!e.handles)
    return e.measured ? t == null ? void 0 : t.internals.handleBounds : void 0;
  const n = [], r = [];
  for (const i of e.handles) {
    const o = {
      id: i.id,
      width: i.width ?? 1,
      height: i.height ?? 1,
      nodeId: e.id,
      x: i.x,
      y: i.y,
      position: i.position,
      type: i.type
    };
    i.type === "source" ? n.push(o) : i.type === "target" && r.push(o);
  }
  return {
    source: n,
    target: r
  };
}
function Ac(e) {
  return e === "manual";
}
function wu(e, t, n, r = {}) {
  var c, d;
  const i = Dc(wk, r), o = { i: 0 }, s = new Map(t), l = i != null && i.elevateNodesOnSelect && !Ac(i.zIndexMode) ? c0 : 0;
  let a = e.length > 0, u = !1;
  t.clear(), n.clear();
  for (const f of e) {
    let p = s.get(f.id);
    if (i.checkEquality && f === (p == null ? void 0 : p.internals.userNode))
      t.set(f.id, p);
    else {
      const h = ro(f, i.nodeOrigin), v = qn(f.extent) ? f.extent : i.nodeExtent, E = Zn(h, v, St(f));
      p = {
        ...i.defaults,
        ...f,
        measured: {
          width: (c = f.measured) == null ? void 0 : c.width,
          height: (d = f.measured) == null ? void 0 : d.height
        },
        internals: {
          positionAbsolute: E,
          // if user re-initializes the node or removes `measured` for whatever reason, we reset the handleBounds so that the node gets re-measured
          handleBounds: Ek(f, p),
          z: f0(f, l, i.zIndexMode),
          userNode: f
        }
      }, t.set(f.id, p);
    }
    (p.measured === void 0 || p.measured.width === void 0 || p.measured.height === void 0) && !p.hidden && (a = !1), f.parentId && Fc(p, t, n, r, o), u || (u = f.selected ?? !1);
  }
  return { nodesInitialized: a, hasSelectedNodes: u };
}
function _k(e, t) {
  if (!e.parentId)
    return;
  const n = t.get(e.parentId);
  n ? n.set(e.id, e) : t.set(e.parentId, /* @__PURE__ */ new Map([[e.id, e]]));
}
function Fc(e, t, n, r, i) {
  const { elevateNodesOnSelect: o, nodeOrigin: s, nodeExtent: l, zIndexMode: a } = Dc(Rc, r), u = e.parentId, c = t.get(u);
  if (!c) {
    console.warn(`Parent node ${u} not found. Please make sure that parent nodes are in front of their child nodes in the nodes array.`);
    return;
  }
  _k(e, n), i && !c.parentId && c.internals.rootParentIndex === void 0 && a === "auto" && (c.internals.rootParentIndex = ++i.i, c.internals.z = c.internals.z + i.i * vk), i && c.internals.rootParentIndex !== void 0 && (i.i = c.internals.rootParentIndex);
  const d = o && !Ac(a) ? c0 : 0, { x: f, y: p, z: h } = Sk(e, c, s, l, d, a), { positionAbsolute: v } = e.internals, E = f !== v.x || p !== v.y;
  (E || h !== e.internals.z) && t.set(e.id, {
    ...e,
    internals: {
      ...e.internals,
      positionAbsolute: E ? { x: f, y: p } : v,
      z: h
    }
  });
}
function f0(e, t, n) {
  const r = mt(e.zIndex) ? e.zIndex : 0;
  return Ac(n) ? r : r + (e.selected ? t : 0);
}
function Sk(e, t, n, r, i, o) {
  const { x: s, y: l } = t.internals.positionAbsolute, a = St(e), u = ro(e, n), c = qn(e.extent) ? Zn(u, e.extent, a) : u;
  let d = Zn({ x: s + c.x, y: l + c.y }, r, a);
  e.extent === "parent" && (d = Km(d, a, t));
  const f = f0(e, i, o), p = t.internals.z ?? 0;
  return {
    x: d.x,
    y: d.y,
    z: p >= f ? p + 1 : f
  };
}
function Hc(e, t, n, r = [0, 0]) {
  var s;
  const i = [], o = /* @__PURE__ */ new Map();
  for (const l of e) {
    const a = t.get(l.parentId);
    if (!a)
      continue;
    const u = ((s = o.get(l.parentId)) == null ? void 0 : s.expandedRect) ?? Xi(a), c = Zm(u, l.rect);
    o.set(l.parentId, { expandedRect: c, parent: a });
  }
  return o.size > 0 && o.forEach(({ expandedRect: l, parent: a }, u) => {
    var m;
    const c = a.internals.positionAbsolute, d = St(a), f = a.origin ?? r, p = l.x < c.x ? Math.round(Math.abs(c.x - l.x)) : 0, h = l.y < c.y ? Math.round(Math.abs(c.y - l.y)) : 0, v = Math.max(d.width, Math.round(l.width)), E = Math.max(d.height, Math.round(l.height)), g = (v - d.width) * f[0], y = (E - d.height) * f[1];
    (p > 0 || h > 0 || g || y) && (i.push({
      id: u,
      type: "position",
      position: {
        x: a.position.x - p + g,
        y: a.position.y - h + y
      }
    }), (m = n.get(u)) == null || m.forEach((w) => {
      e.some((S) => S.id === w.id) || i.push({
        id: w.id,
        type: "position",
        position: {
          x: w.position.x + p,
          y: w.position.y + h
        }
      });
    })), (d.width < l.width || d.height < l.height || p || h) && i.push({
      id: u,
      type: "dimensions",
      setAttributes: !0,
      dimensions: {
        width: v + (p ? f[0] * p - g : 0),
        height: E + (h ? f[1] * h - y : 0)
      }
    });
  }), i;
}
function kk(e, t, n, r, i, o, s) {
  const l = r == null ? void 0 : r.querySelector(".xyflow__viewport");
  let a = !1;
  if (!l)
    return { changes: [], updatedInternals: a };
  const u = [], c = window.getComputedStyle(l), { m22: d } = new window.DOMMatrixReadOnly(c.transform), f = [];
  for (const p of e.values()) {
    const h = t.get(p.id);
    if (!h)
      continue;
    if (h.hidden) {
      t.set(h.id, {
        ...h,
        internals: {
          ...h.internals,
          handleBounds: void 0
        }
      }), a = !0;
      continue;
    }
    const v = jc(p.nodeElement), E = h.measured.width !== v.width || h.measured.height !== v.height;
    if (!!(v.width && v.height && (E || !h.internals.handleBounds || p.force))) {
      const y = p.nodeElement.getBoundingClientRect(), m = qn(h.extent) ? h.extent : o;
      let { positionAbsolute: w } = h.internals;
      if (h.parentId && h.extent === "parent") {
        const k = t.get(h.parentId);
        k && (w = Km(w, v, k));
      } else m && (w = Zn(w, m, v));
      const S = {
        ...h,
        measured: v,
        internals: {
          ...h.internals,
          positionAbsolute: w,
          handleBounds: {
            source: jd("source", p.nodeElement, y, d, h.id),
            target: jd("target", p.nodeElement, y, d, h.id)
          }
        }
      };
      t.set(h.id, S), h.parentId && Fc(S, t, n, { nodeOrigin: i, zIndexMode: s }), a = !0, E && (u.push({
        id: h.id,
        type: "dimensions",
        dimensions: v
      }), h.expandParent && h.parentId && f.push({
        id: h.id,
        parentId: h.parentId,
        rect: Xi(S, i)
      }));
    }
  }
  if (f.length > 0) {
    const p = Hc(f, t, n, i);
    u.push(...p);
  }
  return { changes: u, updatedInternals: a };
}
async function Nk({ delta: e, panZoom: t, transform: n, translateExtent: r, width: i, height: o }) {
  if (!t || !e.x && !e.y)
    return !1;
  const s = await t.setViewportConstrained({
    x: n[0] + e.x,
    y: n[1] + e.y,
    zoom: n[2]
  }, [
    [0, 0],
    [i, o]
  ], r);
  return !!s && (s.x !== n[0] || s.y !== n[1] || s.k !== n[2]);
}
function Bd(e, t, n, r, i, o) {
  let s = i;
  const l = r.get(s) || /* @__PURE__ */ new Map();
  r.set(s, l.set(n, t)), s = `${i}-${e}`;
  const a = r.get(s) || /* @__PURE__ */ new Map();
  if (r.set(s, a.set(n, t)), o) {
    s = `${i}-${e}-${o}`;
    const u = r.get(s) || /* @__PURE__ */ new Map();
    r.set(s, u.set(n, t));
  }
}
function d0(e, t, n) {
  e.clear(), t.clear();
  for (const r of n) {
    const { source: i, target: o, sourceHandle: s = null, targetHandle: l = null } = r, a = { edgeId: r.id, source: i, target: o, sourceHandle: s, targetHandle: l }, u = `${i}-${s}--${o}-${l}`, c = `${o}-${l}--${i}-${s}`;
    Bd("source", a, c, e, i, s), Bd("target", a, u, e, o, l), t.set(r.id, r);
  }
}
function h0(e, t) {
  if (!e.parentId)
    return !1;
  const n = t.get(e.parentId);
  return n ? n.selected ? !0 : h0(n, t) : !1;
}
function Wd(e, t, n) {
  var i;
  let r = e;
  do {
    if ((i = r == null ? void 0 : r.matches) != null && i.call(r, t))
      return !0;
    if (r === n)
      return !1;
    r = r == null ? void 0 : r.parentElement;
  } while (r);
  return !1;
}
function Ck(e, t, n, r, i) {
  const o = /* @__PURE__ */ new Map();
  for (const [s, l] of e)
    if ((i ? l.id === r : l.selected || l.id === r) && (i || !l.parentId || !h0(l, e)) && (l.draggable || t && typeof l.draggable > "u")) {
      const u = e.get(s);
      u && o.set(s, {
        id: s,
        position: u.position || { x: 0, y: 0 },
        distance: {
          x: n.x - u.internals.positionAbsolute.x,
          y: n.y - u.internals.positionAbsolute.y
        },
        extent: u.extent,
        parentId: u.parentId,
        origin: u.origin,
        expandParent: u.expandParent,
        internals: {
          positionAbsolute: u.internals.positionAbsolute || { x: 0, y: 0 }
        },
        measured: {
          width: u.measured.width ?? 0,
          height: u.measured.height ?? 0
        }
      });
    }
  return o;
}
function ra({ nodeId: e, dragItems: t, nodeLookup: n, dragging: r = !0 }) {
  var s, l, a;
  const i = [];
  for (const [u, c] of t) {
    const d = (s = n.get(u)) == null ? void 0 : s.internals.userNode;
    d && i.push({
      ...d,
      position: c.position,
      dragging: r
    });
  }
  if (!e)
    return [i[0], i];
  const o = (l = n.get(e)) == null ? void 0 : l.internals.userNode;
  return [
    o ? {
      ...o,
      position: ((a = t.get(e)) == null ? void 0 : a.position) || o.position,
      dragging: r
    } : i[0],
    i
  ];
}
function Mk({ dragItems: e, snapGrid: t, x: n, y: r }) {
  const i = e.values().next().value;
  if (!i)
    return null;
  const o = {
    x: n - i.distance.x,
    y: r - i.distance.y
  }, s = oo(o, t);
  return {
    x: s.x - o.x,
    y: s.y - o.y
  };
}
function Ik({ onNodeMouseDown: e, getStoreItems: t, onDragStart: n, onDrag: r, onDragStop: i }) {
  let o = { x: null, y: null }, s = 0, l = /* @__PURE__ */ new Map(), a = !1, u = { x: 0, y: 0 }, c = null, d = !1, f = null, p = !1, h = !1, v = null;
  function E({ noDragClassName: y, handleSelector: m, domNode: w, isSelectable: S, nodeId: k, nodeClickDistance: N = 0 }) {
    f = Xe(w);
    function P({ x: $, y: T }) {
      const { nodeLookup: x, nodeExtent: C, snapGrid: b, snapToGrid: O, nodeOrigin: I, onNodeDrag: M, onSelectionDrag: z, onError: A, updateNodePositions: H } = t();
      o = { x: $, y: T };
      let Y = !1;
      const B = l.size > 1, Z = B && C ? mu(io(l)) : null, ee = B && O ? Mk({
        dragItems: l,
        snapGrid: b,
        x: $,
        y: T
      }) : null;
      for (const [X, F] of l) {
        if (!x.has(X))
          continue;
        let W = { x: $ - F.distance.x, y: T - F.distance.y };
        O && (W = ee ? {
          x: Math.round(W.x + ee.x),
          y: Math.round(W.y + ee.y)
        } : oo(W, b));
        let J = null;
        if (B && C && !F.extent && Z) {
          const { positionAbsolute: K } = F.internals, te = K.x - Z.x + C[0][0], ne = K.x + F.measured.width - Z.x2 + C[1][0], ie = K.y - Z.y + C[0][1], ae = K.y + F.measured.height - Z.y2 + C[1][1];
          J = [
            [te, ie],
            [ne, ae]
          ];
        }
        const { position: q, positionAbsolute: G } = Qm({
          nodeId: X,
          nextPosition: W,
          nodeLookup: x,
          nodeExtent: J || C,
          nodeOrigin: I,
          onError: A
        });
        Y = Y || F.position.x !== q.x || F.position.y !== q.y, F.position = q, F.internals.positionAbsolute = G;
      }
      if (h = h || Y, !!Y && (H(l, !0), v && (r || M || !k && z))) {
        const [X, F] = ra({
          nodeId: k,
          dragItems: l,
          nodeLookup: x
        });
        r == null || r(v, l, X, F), M == null || M(v, X, F), k || z == null || z(v, F);
      }
    }
    async function L() {
      if (!c)
        return;
      const { transform: $, panBy: T, autoPanSpeed: x, autoPanOnNodeDrag: C } = t();
      if (!C) {
        a = !1, cancelAnimationFrame(s);
        return;
      }
      const [b, O] = zc(u, c, x);
      (b !== 0 || O !== 0) && (o.x = (o.x ?? 0) - b / $[2], o.y = (o.y ?? 0) - O / $[2], await T({ x: b, y: O }) && P(o)), s = requestAnimationFrame(L);
    }
    function R($) {
      var Z, ee;
      const { nodeLookup: T, multiSelectionActive: x, nodesDraggable: C, transform: b, snapGrid: O, snapToGrid: I, selectNodesOnDrag: M, onNodeDragStart: z, onSelectionDragStart: A, unselectNodesAndEdges: H } = t();
      d = !0;
      const Y = !!k && !x && !((Z = T.get(k)) != null && Z.selected);
      (!M || !S) && !x && k && ((ee = T.get(k)) != null && ee.selected || H()), S && M && k && (e == null || e(k));
      const B = Si($.sourceEvent, { transform: b, snapGrid: O, snapToGrid: I, containerBounds: c });
      if (o = B, l = Ck(T, C, B, k, Y), l.size > 0 && (n || z || !k && A)) {
        const [X, F] = ra({
          nodeId: k,
          dragItems: l,
          nodeLookup: T
        });
        n == null || n($.sourceEvent, l, X, F), z == null || z($.sourceEvent, X, F), k || A == null || A($.sourceEvent, F);
      }
    }
    const D = wm().clickDistance(N).on("start", ($) => {
      const { domNode: T, nodeDragThreshold: x, transform: C, snapGrid: b, snapToGrid: O } = t();
      c = (T == null ? void 0 : T.getBoundingClientRect()) || null, p = !1, h = !1, v = $.sourceEvent, x === 0 && R($), o = Si($.sourceEvent, { transform: C, snapGrid: b, snapToGrid: O, containerBounds: c }), u = yt($.sourceEvent, c);
    }).on("drag", ($) => {
      const { autoPanOnNodeDrag: T, transform: x, snapGrid: C, snapToGrid: b, nodeDragThreshold: O, nodeLookup: I } = t(), M = Si($.sourceEvent, { transform: x, snapGrid: C, snapToGrid: b, containerBounds: c });
      if (v = $.sourceEvent, ($.sourceEvent.type === "touchmove" && $.sourceEvent.touches.length > 1 || // if user deletes a node while dragging, we need to abort the drag to prevent errors
      k && !I.has(k)) && (p = !0), !p) {
        if (!a && T && d && (a = !0, L()), !d) {
          const z = yt($.sourceEvent, c), A = z.x - u.x, H = z.y - u.y;
          Math.sqrt(A * A + H * H) > O && R($);
        }
        (o.x !== M.xSnapped || o.y !== M.ySnapped) && l && d && (u = yt($.sourceEvent, c), P(M));
      }
    }).on("end", ($) => {
      if (!d || p) {
        p && l.size > 0 && t().updateNodePositions(l, !1);
        return;
      }
      if (a = !1, d = !1, cancelAnimationFrame(s), l.size > 0) {
        const { nodeLookup: T, updateNodePositions: x, onNodeDragStop: C, onSelectionDragStop: b } = t();
        if (h && (x(l, !1), h = !1), i || C || !k && b) {
          const [O, I] = ra({
            nodeId: k,
            dragItems: l,
            nodeLookup: T,
            dragging: !1
          });
          i == null || i($.sourceEvent, l, O, I), C == null || C($.sourceEvent, O, I), k || b == null || b($.sourceEvent, I);
        }
      }
    }).filter(($) => {
      const T = $.target;
      return !$.button && (!y || !Wd(T, `.${y}`, w)) && (!m || Wd(T, m, w));
    });
    f.call(D);
  }
  function g() {
    f == null || f.on(".drag", null);
  }
  return {
    update: E,
    destroy: g
  };
}
function Pk(e, t, n) {
  const r = [], i = {
    x: e.x - n,
    y: e.y - n,
    width: n * 2,
    height: n * 2
  };
  for (const o of t.values())
    Ls(i, Xi(o)) > 0 && r.push(o);
  return r;
}
const $k = 250;
function Tk(e, t, n, r) {
  var l, a;
  let i = [], o = 1 / 0;
  const s = Pk(e, n, t + $k);
  for (const u of s) {
    const c = [...((l = u.internals.handleBounds) == null ? void 0 : l.source) ?? [], ...((a = u.internals.handleBounds) == null ? void 0 : a.target) ?? []];
    for (const d of c) {
      if (r.nodeId === d.nodeId && r.type === d.type && r.id === d.id)
        continue;
      const { x: f, y: p } = Jn(u, d, d.position, !0), h = Math.sqrt(Math.pow(f - e.x, 2) + Math.pow(p - e.y, 2));
      h > t || (h < o ? (i = [{ ...d, x: f, y: p }], o = h) : h === o && i.push({ ...d, x: f, y: p }));
    }
  }
  if (!i.length)
    return null;
  if (i.length > 1) {
    const u = r.type === "source" ? "target" : "source";
    return i.find((c) => c.type === u) ?? i[0];
  }
  return i[0];
}
function p0(e, t, n, r, i, o = !1) {
  var u, c, d;
  const s = r.get(e);
  if (!s)
    return null;
  const l = i === "strict" ? (u = s.internals.handleBounds) == null ? void 0 : u[t] : [...((c = s.internals.handleBounds) == null ? void 0 : c.source) ?? [], ...((d = s.internals.handleBounds) == null ? void 0 : d.target) ?? []], a = (n ? l == null ? void 0 : l.find((f) => f.id === n) : l == null ? void 0 : l[0]) ?? null;
  return a && o ? { ...a, ...Jn(s, a, a.position, !0) } : a;
}
function g0(e, t) {
  return e || (t != null && t.classList.contains("target") ? "target" : t != null && t.classList.contains("source") ? "source" : null);
}
function bk(e, t) {
  let n = null;
  return t ? n = !0 : e && !t && (n = !1), n;
}
const m0 = () => !0;
function Lk(e, { connectionMode: t, connectionRadius: n, handleId: r, nodeId: i, edgeUpdaterType: o, isTarget: s, domNode: l, nodeLookup: a, lib: u, autoPanOnConnect: c, flowId: d, panBy: f, cancelConnection: p, onConnectStart: h, onConnect: v, onConnectEnd: E, isValidConnection: g = m0, onReconnectEnd: y, updateConnection: m, getTransform: w, getFromHandle: S, autoPanSpeed: k, dragThreshold: N = 1, handleDomNode: P }) {
  const L = r0(e.target);
  let R = 0, D;
  const { x: $, y: T } = yt(e), x = g0(o, P), C = l == null ? void 0 : l.getBoundingClientRect();
  let b = !1;
  if (!C || !x)
    return;
  const O = p0(i, x, r, a, t);
  if (!O)
    return;
  let I = yt(e, C), M = !1, z = null, A = !1, H = null;
  function Y() {
    if (!c || !C)
      return;
    const [q, G] = zc(I, C, k);
    f({ x: q, y: G }), R = requestAnimationFrame(Y);
  }
  const B = {
    ...O,
    nodeId: i,
    type: x,
    position: O.position
  }, Z = a.get(i);
  let X = {
    inProgress: !0,
    isValid: null,
    from: Jn(Z, B, Q.Left, !0),
    fromHandle: B,
    fromPosition: B.position,
    fromNode: Z,
    to: I,
    toHandle: null,
    toPosition: bd[B.position],
    toNode: null,
    pointer: I
  };
  function F() {
    b = !0, m(X), h == null || h(e, { nodeId: i, handleId: r, handleType: x });
  }
  N === 0 && F();
  function W(q) {
    if (!b) {
      const { x: ae, y: et } = yt(q), Nt = ae - $, Ct = et - T;
      if (!(Nt * Nt + Ct * Ct > N * N))
        return;
      F();
    }
    if (!S() || !B) {
      J(q);
      return;
    }
    const G = w();
    I = yt(q, C), D = Tk(so(I, G, !1, [1, 1]), n, a, B), M || (Y(), M = !0);
    const K = y0(q, {
      handle: D,
      connectionMode: t,
      fromNodeId: i,
      fromHandleId: r,
      fromType: s ? "target" : "source",
      isValidConnection: g,
      doc: L,
      lib: u,
      flowId: d,
      nodeLookup: a
    });
    H = K.handleDomNode, z = K.connection, A = bk(!!D, K.isValid);
    const te = a.get(i), ne = te ? Jn(te, B, Q.Left, !0) : X.from, ie = {
      ...X,
      from: ne,
      isValid: A,
      to: K.toHandle && A ? Hr({ x: K.toHandle.x, y: K.toHandle.y }, G) : I,
      toHandle: K.toHandle,
      toPosition: A && K.toHandle ? K.toHandle.position : bd[B.position],
      toNode: K.toHandle ? a.get(K.toHandle.nodeId) : null,
      pointer: I
    };
    m(ie), X = ie;
  }
  function J(q) {
    if (!("touches" in q && q.touches.length > 0)) {
      if (b) {
        (D || H) && z && A && (v == null || v(z));
        const { inProgress: G, ...K } = X, te = {
          ...K,
          toPosition: X.toHandle ? X.toPosition : null
        };
        E == null || E(q, te), o && (y == null || y(q, te));
      }
      p(), cancelAnimationFrame(R), M = !1, A = !1, z = null, H = null, L.removeEventListener("mousemove", W), L.removeEventListener("mouseup", J), L.removeEventListener("touchmove", W), L.removeEventListener("touchend", J);
    }
  }
  L.addEventListener("mousemove", W), L.addEventListener("mouseup", J), L.addEventListener("touchmove", W), L.addEventListener("touchend", J);
}
function y0(e, { handle: t, connectionMode: n, fromNodeId: r, fromHandleId: i, fromType: o, doc: s, lib: l, flowId: a, isValidConnection: u = m0, nodeLookup: c }) {
  const d = o === "target", f = t ? s.querySelector(`.${l}-flow__handle[data-id="${a}-${t == null ? void 0 : t.nodeId}-${t == null ? void 0 : t.id}-${t == null ? void 0 : t.type}"]`) : null, { x: p, y: h } = yt(e), v = s.elementFromPoint(p, h), E = v != null && v.classList.contains(`${l}-flow__handle`) ? v : f, g = {
    handleDomNode: E,
    isValid: !1,
    connection: null,
    toHandle: null
  };
  if (E) {
    const y = g0(void 0, E), m = E.getAttribute("data-nodeid"), w = E.getAttribute("data-handleid"), S = E.classList.contains("connectable"), k = E.classList.contains("connectableend");
    if (!m || !y)
      return g;
    const N = {
      source: d ? m : r,
      sourceHandle: d ? w : i,
      target: d ? r : m,
      targetHandle: d ? i : w
    };
    g.connection = N;
    const L = S && k && (n === Ar.Strict ? d && y === "source" || !d && y === "target" : m !== r || w !== i);
    g.isValid = L && u(N), g.toHandle = p0(m, y, w, c, n, !0);
  }
  return g;
}
const xu = {
  onPointerDown: Lk,
  isValid: y0
};
function zk({ domNode: e, panZoom: t, getTransform: n, getViewScale: r }) {
  const i = Xe(e);
  function o({ translateExtent: l, width: a, height: u, zoomStep: c = 1, pannable: d = !0, zoomable: f = !0, inversePan: p = !1 }) {
    const h = (m) => {
      if (m.sourceEvent.type !== "wheel" || !t)
        return;
      const w = n(), S = m.sourceEvent.ctrlKey && Gi() ? 10 : 1, k = -m.sourceEvent.deltaY * (m.sourceEvent.deltaMode === 1 ? 0.05 : m.sourceEvent.deltaMode ? 1 : 2e-3) * c, N = w[2] * Math.pow(2, k * S);
      t.scaleTo(N);
    };
    let v = [0, 0];
    const E = (m) => {
      (m.sourceEvent.type === "mousedown" || m.sourceEvent.type === "touchstart") && (v = [
        m.sourceEvent.clientX ?? m.sourceEvent.touches[0].clientX,
        m.sourceEvent.clientY ?? m.sourceEvent.touches[0].clientY
      ]);
    }, g = (m) => {
      const w = n();
      if (m.sourceEvent.type !== "mousemove" && m.sourceEvent.type !== "touchmove" || !t)
        return;
      const S = [
        m.sourceEvent.clientX ?? m.sourceEvent.touches[0].clientX,
        m.sourceEvent.clientY ?? m.sourceEvent.touches[0].clientY
      ], k = [S[0] - v[0], S[1] - v[1]];
      v = S;
      const N = r() * Math.max(w[2], Math.log(w[2])) * (p ? -1 : 1), P = {
        x: w[0] - k[0] * N,
        y: w[1] - k[1] * N
      }, L = [
        [0, 0],
        [a, u]
      ];
      t.setViewportConstrained({
        x: P.x,
        y: P.y,
        zoom: w[2]
      }, L, l);
    }, y = Wm().on("start", E).on("zoom", d ? g : null).on("zoom.wheel", f ? h : null);
    i.call(y, {});
  }
  function s() {
    i.on("zoom", null);
  }
  return {
    update: o,
    destroy: s,
    pointer: ht
  };
}
const cl = (e) => ({
  x: e.x,
  y: e.y,
  zoom: e.k
}), ia = ({ x: e, y: t, zoom: n }) => ll.translate(e, t).scale(n), sn = (e, t) => e.target.closest(`.${t}`), v0 = (e, t) => t === 2 && Array.isArray(e) && e.includes(2), Ok = (e) => ((e *= 2) <= 1 ? e * e * e : (e -= 2) * e * e + 2) / 2, oa = (e, t = 0, n = Ok, r = () => {
}) => {
  const i = typeof t == "number" && t > 0;
  return i || r(), i ? e.transition().duration(t).ease(n).on("end", r) : e;
}, w0 = (e) => {
  const t = e.ctrlKey && Gi() ? 10 : 1;
  return -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 2e-3) * t;
};
function jk({ zoomPanValues: e, noWheelClassName: t, d3Selection: n, d3Zoom: r, panOnScrollMode: i, panOnScrollSpeed: o, zoomOnPinch: s, onPanZoomStart: l, onPanZoom: a, onPanZoomEnd: u }) {
  return (c) => {
    if (sn(c, t))
      return c.ctrlKey && c.preventDefault(), !1;
    c.preventDefault(), c.stopImmediatePropagation();
    const d = n.property("__zoom").k || 1;
    if (c.ctrlKey && s) {
      const E = ht(c), g = w0(c), y = d * Math.pow(2, g);
      r.scaleTo(n, y, E, c);
      return;
    }
    const f = c.deltaMode === 1 ? 20 : 1;
    let p = i === Vn.Vertical ? 0 : c.deltaX * f, h = i === Vn.Horizontal ? 0 : c.deltaY * f;
    !Gi() && c.shiftKey && i !== Vn.Vertical && (p = c.deltaY * f, h = 0), r.translateBy(
      n,
      -(p / d) * o,
      -(h / d) * o,
      // @ts-ignore
      { internal: !0 }
    );
    const v = cl(n.property("__zoom"));
    clearTimeout(e.panScrollTimeout), e.isPanScrolling ? a == null || a(c, v) : (e.isPanScrolling = !0, l == null || l(c, v)), e.panScrollTimeout = setTimeout(() => {
      u == null || u(c, v), e.isPanScrolling = !1;
    }, 150);
  };
}
function Rk({ noWheelClassName: e, preventScrolling: t, d3ZoomHandler: n }) {
  return function(r, i) {
    const o = r.type === "wheel", s = !t && o && !r.ctrlKey, l = sn(r, e);
    if (r.ctrlKey && o && l && r.preventDefault(), s || l)
      return null;
    r.preventDefault(), n.call(this, r, i);
  };
}
function Dk({ zoomPanValues: e, onDraggingChange: t, onPanZoomStart: n }) {
  return (r) => {
    var o, s, l;
    if ((o = r.sourceEvent) != null && o.internal)
      return;
    const i = cl(r.transform);
    e.mouseButton = ((s = r.sourceEvent) == null ? void 0 : s.button) || 0, e.isZoomingOrPanning = !0, e.prevViewport = i, ((l = r.sourceEvent) == null ? void 0 : l.type) === "mousedown" && t(!0), n && (n == null || n(r.sourceEvent, i));
  };
}
function Ak({ zoomPanValues: e, panOnDrag: t, onPaneContextMenu: n, onTransformChange: r, onPanZoom: i }) {
  return (o) => {
    var s, l;
    e.usedRightMouseButton = !!(n && v0(t, e.mouseButton ?? 0)), (s = o.sourceEvent) != null && s.sync || r([o.transform.x, o.transform.y, o.transform.k]), i && !((l = o.sourceEvent) != null && l.internal) && (i == null || i(o.sourceEvent, cl(o.transform)));
  };
}
function Fk({ zoomPanValues: e, panOnDrag: t, panOnScroll: n, onDraggingChange: r, onPanZoomEnd: i, onPaneContextMenu: o }) {
  return (s) => {
    var l;
    if (!((l = s.sourceEvent) != null && l.internal) && (e.isZoomingOrPanning = !1, o && v0(t, e.mouseButton ?? 0) && !e.usedRightMouseButton && s.sourceEvent && o(s.sourceEvent), e.usedRightMouseButton = !1, r(!1), i)) {
      const a = cl(s.transform);
      e.prevViewport = a, clearTimeout(e.timerId), e.timerId = setTimeout(
        () => {
          i == null || i(s.sourceEvent, a);
        },
        // we need a setTimeout for panOnScroll to suppress multiple end events fired during scroll
        n ? 150 : 0
      );
    }
  };
}
function Hk({ panActivationKeyPressed: e, zoomActivationKeyPressed: t, zoomOnScroll: n, zoomOnPinch: r, panOnDrag: i, panOnScroll: o, zoomOnDoubleClick: s, userSelectionActive: l, noWheelClassName: a, noPanClassName: u, lib: c, connectionInProgress: d }) {
  return (f) => {
    var g;
    const p = t || n, h = r && f.ctrlKey, v = f.type === "wheel";
    if (f.button === 1 && f.type === "mousedown" && (sn(f, `${c}-flow__node`) || sn(f, `${c}-flow__edge`) || sn(f, `${c}-flow__selection`) || sn(f, `${c}-flow__nodesselection`)))
      return !0;
    if (!i && !p && !o && !s && !r || l || d && !v || sn(f, a) && v || sn(f, u) && (!v || o && v && !t) || !r && f.ctrlKey && v)
      return !1;
    if (!r && f.type === "touchstart" && ((g = f.touches) == null ? void 0 : g.length) > 1)
      return f.preventDefault(), !1;
    if (!p && !o && !h && v || !i && (f.type === "mousedown" || f.type === "touchstart") || Array.isArray(i) && !i.includes(f.button) && f.type === "mousedown")
      return !1;
    const E = Array.isArray(i) && i.includes(f.button) || !f.button || f.button <= 1;
    return (!f.ctrlKey || v || e) && E;
  };
}
function Vk({ domNode: e, minZoom: t, maxZoom: n, translateExtent: r, viewport: i, onPanZoom: o, onPanZoomStart: s, onPanZoomEnd: l, onDraggingChange: a }) {
  const u = {
    isZoomingOrPanning: !1,
    usedRightMouseButton: !1,
    prevViewport: {},
    mouseButton: 0,
    timerId: void 0,
    panScrollTimeout: void 0,
    isPanScrolling: !1
  }, c = e.getBoundingClientRect();
  let d = [
    [0, 0],
    [c.width, c.height]
  ];
  const f = typeof ResizeObserver < "u" ? new ResizeObserver((T) => {
    const x = T[0];
    x != null && x.contentRect && (d = [
      [0, 0],
      [x.contentRect.width, x.contentRect.height]
    ]);
  }) : null;
  f == null || f.observe(e);
  const p = Wm().extent(() => d).scaleExtent([t, n]).translateExtent(r), h = Xe(e).call(p);
  w({
    x: i.x,
    y: i.y,
    zoom: Fr(i.zoom, t, n)
  }, [
    [0, 0],
    [c.width, c.height]
  ], r);
  const v = h.on("wheel.zoom"), E = h.on("dblclick.zoom");
  p.wheelDelta(w0);
  async function g(T, x) {
    return h ? new Promise((C) => {
      p == null || p.interpolate((x == null ? void 0 : x.interpolate) === "linear" ? _i : Qo).transform(oa(h, x == null ? void 0 : x.duration, x == null ? void 0 : x.ease, () => C(!0)), T);
    }) : !1;
  }
  function y({ noWheelClassName: T, noPanClassName: x, onPaneContextMenu: C, userSelectionActive: b, panOnScroll: O, panOnDrag: I, panOnScrollMode: M, panOnScrollSpeed: z, preventScrolling: A, zoomOnPinch: H, zoomOnScroll: Y, zoomOnDoubleClick: B, panActivationKeyPressed: Z = !1, zoomActivationKeyPressed: ee, lib: X, onTransformChange: F, connectionInProgress: W, paneClickDistance: J, selectionOnDrag: q }) {
    b && !u.isZoomingOrPanning && p.on("zoom", null);
    const G = O && !ee && !b;
    p.clickDistance(q ? 1 / 0 : !mt(J) || J < 0 ? 0 : J);
    const K = G ? jk({
      zoomPanValues: u,
      noWheelClassName: T,
      d3Selection: h,
      d3Zoom: p,
      panOnScrollMode: M,
      panOnScrollSpeed: z,
      zoomOnPinch: H,
      onPanZoomStart: s,
      onPanZoom: o,
      onPanZoomEnd: l
    }) : Rk({
      noWheelClassName: T,
      preventScrolling: A,
      d3ZoomHandler: v
    });
    h.on("wheel.zoom", K, { passive: !1 });
    const te = Dk({
      zoomPanValues: u,
      onDraggingChange: a,
      onPanZoomStart: s
    });
    p.on("start", te);
    const ne = Ak({
      zoomPanValues: u,
      panOnDrag: I,
      onPaneContextMenu: !!C,
      onPanZoom: o,
      onTransformChange: F
    });
    p.on("zoom", ne);
    const ie = Fk({
      zoomPanValues: u,
      panOnDrag: I,
      panOnScroll: O,
      onPaneContextMenu: C,
      onPanZoomEnd: l,
      onDraggingChange: a
    });
    p.on("end", ie);
    const ae = Hk({
      panActivationKeyPressed: Z,
      zoomActivationKeyPressed: ee,
      panOnDrag: I,
      zoomOnScroll: Y,
      panOnScroll: O,
      zoomOnDoubleClick: B,
      zoomOnPinch: H,
      userSelectionActive: b,
      noPanClassName: x,
      noWheelClassName: T,
      lib: X,
      connectionInProgress: W
    });
    p.filter(ae), B ? h.on("dblclick.zoom", E) : h.on("dblclick.zoom", null);
  }
  function m() {
    p.on("zoom", null), f == null || f.disconnect();
  }
  async function w(T, x, C) {
    const b = ia(T), O = p == null ? void 0 : p.constrain()(b, x, C);
    return O && await g(O), O;
  }
  async function S(T, x) {
    const C = ia(T);
    return await g(C, x), C;
  }
  function k(T) {
    if (h) {
      const x = ia(T), C = h.property("__zoom");
      (C.k !== T.zoom || C.x !== T.x || C.y !== T.y) && (p == null || p.transform(h, x, null, { sync: !0 }));
    }
  }
  function N() {
    const T = h ? Bm(h.node()) : { x: 0, y: 0, k: 1 };
    return { x: T.x, y: T.y, zoom: T.k };
  }
  async function P(T, x) {
    return h ? new Promise((C) => {
      p == null || p.interpolate((x == null ? void 0 : x.interpolate) === "linear" ? _i : Qo).scaleTo(oa(h, x == null ? void 0 : x.duration, x == null ? void 0 : x.ease, () => C(!0)), T);
    }) : !1;
  }
  async function L(T, x) {
    return h ? new Promise((C) => {
      p == null || p.interpolate((x == null ? void 0 : x.interpolate) === "linear" ? _i : Qo).scaleBy(oa(h, x == null ? void 0 : x.duration, x == null ? void 0 : x.ease, () => C(!0)), T);
    }) : !1;
  }
  function R(T) {
    p == null || p.scaleExtent(T);
  }
  function D(T) {
    p == null || p.translateExtent(T);
  }
  function $(T) {
    const x = !mt(T) || T < 0 ? 0 : T;
    p == null || p.clickDistance(x);
  }
  return {
    update: y,
    destroy: m,
    setViewport: S,
    setViewportConstrained: w,
    getViewport: N,
    scaleTo: P,
    scaleBy: L,
    setScaleExtent: R,
    setTranslateExtent: D,
    syncViewport: k,
    setClickDistance: $
  };
}
var Vr;
(function(e) {
  e.Line = "line", e.Handle = "handle";
})(Vr || (Vr = {}));
function Bk({ width: e, prevWidth: t, height: n, prevHeight: r, affectsX: i, affectsY: o }) {
  const s = e - t, l = n - r, a = [s > 0 ? 1 : s < 0 ? -1 : 0, l > 0 ? 1 : l < 0 ? -1 : 0];
  return s && i && (a[0] = a[0] * -1), l && o && (a[1] = a[1] * -1), a;
}
function Ud(e) {
  const t = e.includes("right") || e.includes("left"), n = e.includes("bottom") || e.includes("top"), r = e.includes("left"), i = e.includes("top");
  return {
    isHorizontal: t,
    isVertical: n,
    affectsX: r,
    affectsY: i
  };
}
function tn(e, t) {
  return Math.max(0, t - e);
}
function nn(e, t) {
  return Math.max(0, e - t);
}
function bo(e, t, n) {
  return Math.max(0, t - e, e - n);
}
function Yd(e, t) {
  return e ? !t : t;
}
function Wk(e, t, n, r, i, o, s, l) {
  let { affectsX: a, affectsY: u } = t;
  const { isHorizontal: c, isVertical: d } = t, f = c && d, { xSnapped: p, ySnapped: h } = n, { minWidth: v, maxWidth: E, minHeight: g, maxHeight: y } = r, { x: m, y: w, width: S, height: k, aspectRatio: N } = e;
  let P = Math.floor(c ? p - e.pointerX : 0), L = Math.floor(d ? h - e.pointerY : 0);
  const R = S + (a ? -P : P), D = k + (u ? -L : L), $ = -o[0] * S, T = -o[1] * k;
  let x = bo(R, v, E), C = bo(D, g, y);
  if (s) {
    let I = 0, M = 0;
    a && P < 0 ? I = tn(m + P + $, s[0][0]) : !a && P > 0 && (I = nn(m + R + $, s[1][0])), u && L < 0 ? M = tn(w + L + T, s[0][1]) : !u && L > 0 && (M = nn(w + D + T, s[1][1])), x = Math.max(x, I), C = Math.max(C, M);
  }
  if (l) {
    let I = 0, M = 0;
    a && P > 0 ? I = nn(m + P, l[0][0]) : !a && P < 0 && (I = tn(m + R, l[1][0])), u && L > 0 ? M = nn(w + L, l[0][1]) : !u && L < 0 && (M = tn(w + D, l[1][1])), x = Math.max(x, I), C = Math.max(C, M);
  }
  if (i) {
    if (c) {
      const I = bo(R / N, g, y) * N;
      if (x = Math.max(x, I), s) {
        let M = 0;
        !a && !u || a && !u && f ? M = nn(w + T + R / N, s[1][1]) * N : M = tn(w + T + (a ? P : -P) / N, s[0][1]) * N, x = Math.max(x, M);
      }
      if (l) {
        let M = 0;
        !a && !u || a && !u && f ? M = tn(w + R / N, l[1][1]) * N : M = nn(w + (a ? P : -P) / N, l[0][1]) * N, x = Math.max(x, M);
      }
    }
    if (d) {
      const I = bo(D * N, v, E) / N;
      if (C = Math.max(C, I), s) {
        let M = 0;
        !a && !u || u && !a && f ? M = nn(m + D * N + $, s[1][0]) / N : M = tn(m + (u ? L : -L) * N + $, s[0][0]) / N, C = Math.max(C, M);
      }
      if (l) {
        let M = 0;
        !a && !u || u && !a && f ? M = tn(m + D * N, l[1][0]) / N : M = nn(m + (u ? L : -L) * N, l[0][0]) / N, C = Math.max(C, M);
      }
    }
  }
  L = L + (L < 0 ? C : -C), P = P + (P < 0 ? x : -x), i && (f ? R > D * N ? L = (Yd(a, u) ? -P : P) / N : P = (Yd(a, u) ? -L : L) * N : c ? (L = P / N, u = a) : (P = L * N, a = u));
  const b = a ? m + P : m, O = u ? w + L : w;
  return {
    width: S + (a ? -P : P),
    height: k + (u ? -L : L),
    x: o[0] * P * (a ? -1 : 1) + b,
    y: o[1] * L * (u ? -1 : 1) + O
  };
}
const x0 = { width: 0, height: 0, x: 0, y: 0 }, Uk = {
  ...x0,
  pointerX: 0,
  pointerY: 0,
  aspectRatio: 1
};
function Yk(e, t, n) {
  const r = t.position.x + e.position.x, i = t.position.y + e.position.y, o = e.measured.width ?? 0, s = e.measured.height ?? 0, l = n[0] * o, a = n[1] * s;
  return [
    [r - l, i - a],
    [r + o - l, i + s - a]
  ];
}
function Xk({ domNode: e, nodeId: t, getStoreItems: n, onChange: r, onEnd: i }) {
  const o = Xe(e);
  let s = {
    controlDirection: Ud("bottom-right"),
    boundaries: {
      minWidth: 0,
      minHeight: 0,
      maxWidth: Number.MAX_VALUE,
      maxHeight: Number.MAX_VALUE
    },
    resizeDirection: void 0,
    keepAspectRatio: !1
  };
  function l({ controlPosition: u, boundaries: c, keepAspectRatio: d, resizeDirection: f, onResizeStart: p, onResize: h, onResizeEnd: v, shouldResize: E }) {
    let g = { ...x0 }, y = { ...Uk };
    s = {
      boundaries: c,
      resizeDirection: f,
      keepAspectRatio: d,
      controlDirection: Ud(u)
    };
    let m, w = null, S = [], k, N, P;
    const L = wm().on("start", (R) => {
      const { nodeLookup: D, transform: $, snapGrid: T, snapToGrid: x, nodeOrigin: C, paneDomNode: b } = n();
      if (m = D.get(t), !m)
        return;
      w = (b == null ? void 0 : b.getBoundingClientRect()) ?? null;
      const { xSnapped: O, ySnapped: I } = Si(R.sourceEvent, {
        transform: $,
        snapGrid: T,
        snapToGrid: x,
        containerBounds: w
      });
      g = {
        width: m.measured.width ?? 0,
        height: m.measured.height ?? 0,
        x: m.position.x ?? 0,
        y: m.position.y ?? 0
      }, y = {
        ...g,
        pointerX: O,
        pointerY: I,
        aspectRatio: g.width / g.height
      }, k = void 0, N = qn(m.extent) ? m.extent : void 0, m.parentId && (m.extent === "parent" || m.expandParent) && (k = D.get(m.parentId)), k && m.extent === "parent" && (N = [
        [0, 0],
        [k.measured.width, k.measured.height]
      ]), S = [], P = void 0;
      for (const [M, z] of D)
        if (z.parentId === t && (S.push({
          id: M,
          position: { ...z.position },
          extent: z.extent
        }), z.extent === "parent" || z.expandParent)) {
          const A = Yk(z, m, z.origin ?? C);
          P ? P = [
            [Math.min(A[0][0], P[0][0]), Math.min(A[0][1], P[0][1])],
            [Math.max(A[1][0], P[1][0]), Math.max(A[1][1], P[1][1])]
          ] : P = A;
        }
      p == null || p(R, { ...g });
    }).on("drag", (R) => {
      const { transform: D, snapGrid: $, snapToGrid: T, nodeOrigin: x } = n(), C = Si(R.sourceEvent, {
        transform: D,
        snapGrid: $,
        snapToGrid: T,
        containerBounds: w
      }), b = [];
      if (!m)
        return;
      const { x: O, y: I, width: M, height: z } = g, A = {}, H = m.origin ?? x, { width: Y, height: B, x: Z, y: ee } = Wk(y, s.controlDirection, C, s.boundaries, s.keepAspectRatio, H, N, P), X = Y !== M, F = B !== z, W = Z !== O && X, J = ee !== I && F;
      if (!W && !J && !X && !F)
        return;
      const q = {
        prevValues: { ...g },
        startX: y.x,
        startY: y.y,
        childNodes: S.map((ne) => ({
          ...ne,
          position: { ...ne.position }
        }))
      };
      if ((W || J || H[0] === 1 || H[1] === 1) && (A.x = W ? Z : g.x, A.y = J ? ee : g.y, g.x = A.x, g.y = A.y, S.length > 0)) {
        const ne = Z - O, ie = ee - I;
        for (const ae of S)
          ae.position = {
            x: ae.position.x - ne + H[0] * (Y - M),
            y: ae.position.y - ie + H[1] * (B - z)
          }, b.push(ae);
      }
      if ((X || F) && (A.width = X && (!s.resizeDirection || s.resizeDirection === "horizontal") ? Y : g.width, A.height = F && (!s.resizeDirection || s.resizeDirection === "vertical") ? B : g.height, g.width = A.width, g.height = A.height), k && m.expandParent) {
        const ne = H[0] * (A.width ?? 0);
        A.x && A.x < ne && (g.x = ne, y.x = y.x - (A.x - ne));
        const ie = H[1] * (A.height ?? 0);
        A.y && A.y < ie && (g.y = ie, y.y = y.y - (A.y - ie));
      }
      const G = Bk({
        width: g.width,
        prevWidth: M,
        height: g.height,
        prevHeight: z,
        affectsX: s.controlDirection.affectsX,
        affectsY: s.controlDirection.affectsY
      }), K = { ...g, direction: G };
      if ((E == null ? void 0 : E(R, K)) === !1) {
        g = q.prevValues, y.x = q.startX, y.y = q.startY, S.forEach((ne, ie) => {
          ne.position = q.childNodes[ie].position;
        });
        return;
      }
      h == null || h(R, K), r(A, b);
    }).on("end", (R) => {
      v == null || v(R, { ...g }), i == null || i({ ...g });
    });
    o.call(L);
  }
  function a() {
    o.on(".drag", null);
  }
  return {
    update: l,
    destroy: a
  };
}
var E0 = { exports: {} }, _0 = {}, S0 = { exports: {} }, k0 = {};
/**
 * @license React
 * use-sync-external-store-shim.production.js
 *
 * Copyright (c) Meta Platforms, Inc. and affiliates.
 *
 * This source code is licensed under the MIT license found in the
 * LICENSE file in the root directory of this source tree.
 */
var Br = j;
function Gk(e, t) {
  return e === t && (e !== 0 || 1 / e === 1 / t) || e !== e && t !== t;
}
var Qk = typeof Object.is == "function" ? Object.is : Gk, Kk = Br.useState, Zk = Br.useEffect, qk = Br.useLayoutEffect, Jk = Br.useDebugValue;
function e2(e, t) {
  var n = t(), r = Kk({ inst: { value: n, getSnapshot: t } }), i = r[0].inst, o = r[1];
  return qk(
    function() {
      i.value = n, i.getSnapshot = t, sa(i) && o({ inst: i });
    },
    [e, n, t]
  ), Zk(
    function() {
      return sa(i) && o({ inst: i }), e(function() {
        sa(i) && o({ inst: i });
      });
    },
    [e]
  ), Jk(n), n;
}
function sa(e) {
  var t = e.getSnapshot;
  e = e.value;
  try {
    var n = t();
    return !Qk(e, n);
  } catch {
    return !0;
  }
}
function t2(e, t) {
  return t();
}
var n2 = typeof window > "u" || typeof window.document > "u" || typeof window.document.createElement > "u" ? t2 : e2;
k0.useSyncExternalStore = Br.useSyncExternalStore !== void 0 ? Br.useSyncExternalStore : n2;
S0.exports = k0;
var r2 = S0.exports;
/**
 * @license React
 * use-sync-external-store-shim/with-selector.production.js
 *
 * Copyright (c) Meta Platforms, Inc. and affiliates.
 *
 * This source code is licensed under the MIT license found in the
 * LICENSE file in the root directory of this source tree.
 */
var fl = j, i2 = r2;
function o2(e, t) {
  return e === t && (e !== 0 || 1 / e === 1 / t) || e !== e && t !== t;
}
var s2 = typeof Object.is == "function" ? Object.is : o2, l2 = i2.useSyncExternalStore, a2 = fl.useRef, u2 = fl.useEffect, c2 = fl.useMemo, f2 = fl.useDebugValue;
_0.useSyncExternalStoreWithSelector = function(e, t, n, r, i) {
  var o = a2(null);
  if (o.current === null) {
    var s = { hasValue: !1, value: null };
    o.current = s;
  } else s = o.current;
  o = c2(
    function() {
      function a(p) {
        if (!u) {
          if (u = !0, c = p, p = r(p), i !== void 0 && s.hasValue) {
            var h = s.value;
            if (i(h, p))
              return d = h;
          }
          return d = p;
        }
        if (h = d, s2(c, p)) return h;
        var v = r(p);
        return i !== void 0 && i(h, v) ? (c = p, h) : (c = p, d = v);
      }
      var u = !1, c, d, f = n === void 0 ? null : n;
      return [
        function() {
          return a(t());
        },
        f === null ? void 0 : function() {
          return a(f());
        }
      ];
    },
    [t, n, r, i]
  );
  var l = l2(e, o[0], o[1]);
  return u2(
    function() {
      s.hasValue = !0, s.value = l;
    },
    [l]
  ), f2(l), l;
};
E0.exports = _0;
var d2 = E0.exports;
const h2 = /* @__PURE__ */ Nu(d2), p2 = {}, Xd = (e) => {
  let t;
  const n = /* @__PURE__ */ new Set(), r = (c, d) => {
    const f = typeof c == "function" ? c(t) : c;
    if (!Object.is(f, t)) {
      const p = t;
      t = d ?? (typeof f != "object" || f === null) ? f : Object.assign({}, t, f), n.forEach((h) => h(t, p));
    }
  }, i = () => t, a = { setState: r, getState: i, getInitialState: () => u, subscribe: (c) => (n.add(c), () => n.delete(c)), destroy: () => {
    (p2 ? "production" : void 0) !== "production" && console.warn(
      "[DEPRECATED] The `destroy` method will be unsupported in a future version. Instead use unsubscribe function returned by subscribe. Everything will be garbage-collected if store is garbage-collected."
    ), n.clear();
  } }, u = t = e(r, i, a);
  return a;
}, g2 = (e) => e ? Xd(e) : Xd, { useDebugValue: m2 } = tp, { useSyncExternalStoreWithSelector: y2 } = h2, v2 = (e) => e;
function N0(e, t = v2, n) {
  const r = y2(
    e.subscribe,
    e.getState,
    e.getServerState || e.getInitialState,
    t,
    n
  );
  return m2(r), r;
}
const Gd = (e, t) => {
  const n = g2(e), r = (i, o = t) => N0(n, i, o);
  return Object.assign(r, n), r;
}, w2 = (e, t) => e ? Gd(e, t) : Gd;
function ye(e, t) {
  if (Object.is(e, t))
    return !0;
  if (typeof e != "object" || e === null || typeof t != "object" || t === null)
    return !1;
  if (e instanceof Map && t instanceof Map) {
    if (e.size !== t.size) return !1;
    for (const [r, i] of e)
      if (!Object.is(i, t.get(r)))
        return !1;
    return !0;
  }
  if (e instanceof Set && t instanceof Set) {
    if (e.size !== t.size) return !1;
    for (const r of e)
      if (!t.has(r))
        return !1;
    return !0;
  }
  const n = Object.keys(e);
  if (n.length !== Object.keys(t).length)
    return !1;
  for (const r of n)
    if (!Object.prototype.hasOwnProperty.call(t, r) || !Object.is(e[r], t[r]))
      return !1;
  return !0;
}
const dl = j.createContext(null), x2 = dl.Provider, C0 = Et.error001("react");
function se(e, t) {
  const n = j.useContext(dl);
  if (n === null)
    throw new Error(C0);
  return N0(n, e, t);
}
function de() {
  const e = j.useContext(dl);
  if (e === null)
    throw new Error(C0);
  return j.useMemo(() => ({
    getState: e.getState,
    setState: e.setState,
    subscribe: e.subscribe
  }), [e]);
}
const Qd = { display: "none" }, E2 = {
  position: "absolute",
  width: 1,
  height: 1,
  margin: -1,
  border: 0,
  padding: 0,
  overflow: "hidden",
  clip: "rect(0px, 0px, 0px, 0px)",
  clipPath: "inset(100%)"
}, M0 = "react-flow__node-desc", I0 = "react-flow__edge-desc", _2 = "react-flow__aria-live", S2 = (e) => e.ariaLiveMessage, k2 = (e) => e.ariaLabelConfig;
function N2({ rfId: e }) {
  const t = se(S2);
  return _.jsx("div", { id: `${_2}-${e}`, "aria-live": "assertive", "aria-atomic": "true", style: E2, children: t });
}
function C2({ rfId: e, disableKeyboardA11y: t }) {
  const n = se(k2);
  return _.jsxs(_.Fragment, { children: [_.jsx("div", { id: `${M0}-${e}`, style: Qd, children: t ? n["node.a11yDescription.default"] : n["node.a11yDescription.keyboardDisabled"] }), _.jsx("div", { id: `${I0}-${e}`, style: Qd, children: n["edge.a11yDescription.default"] }), !t && _.jsx(N2, { rfId: e })] });
}
const hl = j.forwardRef(({ position: e = "top-left", children: t, className: n, style: r, ...i }, o) => {
  const s = `${e}`.split("-");
  return _.jsx("div", { className: Se(["react-flow__panel", n, ...s]), style: r, ref: o, ...i, children: t });
});
hl.displayName = "Panel";
const Kd = "https://reactflow.dev?utm_source=attribution";
function M2({ proOptions: e, position: t = "bottom-right" }) {
  return j.useEffect(() => {
  }, []), e != null && e.hideAttribution ? null : _.jsx(hl, { position: t, className: "react-flow__attribution", "data-message": `Please only hide this attribution when you are subscribed to React Flow Pro: ${Kd}`, children: _.jsx("a", { href: Kd, target: "_blank", rel: "noopener noreferrer", "aria-label": "React Flow attribution", children: "React Flow" }) });
}
const I2 = (e) => {
  const t = [], n = [];
  for (const [, r] of e.nodeLookup)
    r.selected && t.push(r.internals.userNode);
  for (const [, r] of e.edgeLookup)
    r.selected && n.push(r);
  return { selectedNodes: t, selectedEdges: n };
}, Lo = (e) => e.id;
function P2(e, t) {
  return ye(e.selectedNodes.map(Lo), t.selectedNodes.map(Lo)) && ye(e.selectedEdges.map(Lo), t.selectedEdges.map(Lo));
}
function $2({ onSelectionChange: e }) {
  const t = de(), { selectedNodes: n, selectedEdges: r } = se(I2, P2);
  return j.useEffect(() => {
    const i = { nodes: n, edges: r };
    e == null || e(i), t.getState().onSelectionChangeHandlers.forEach((o) => o(i));
  }, [n, r, e]), null;
}
const T2 = (e) => !!e.onSelectionChangeHandlers;
function b2({ onSelectionChange: e }) {
  const t = se(T2);
  return e || t ? _.jsx($2, { onSelectionChange: e }) : null;
}
const P0 = [0, 0], L2 = { x: 0, y: 0, zoom: 1 }, z2 = [
  "nodes",
  "edges",
  "defaultNodes",
  "defaultEdges",
  "onConnect",
  "onConnectStart",
  "onConnectEnd",
  "onClickConnectStart",
  "onClickConnectEnd",
  "nodesDraggable",
  "autoPanOnNodeFocus",
  "nodesConnectable",
  "nodesFocusable",
  "edgesFocusable",
  "edgesReconnectable",
  "elevateNodesOnSelect",
  "elevateEdgesOnSelect",
  "minZoom",
  "maxZoom",
  "nodeExtent",
  "onNodesChange",
  "onEdgesChange",
  "elementsSelectable",
  "connectionMode",
  "snapGrid",
  "snapToGrid",
  "translateExtent",
  "connectOnClick",
  "defaultEdgeOptions",
  "fitView",
  "fitViewOptions",
  "onNodesDelete",
  "onEdgesDelete",
  "onDelete",
  "onNodeDrag",
  "onNodeDragStart",
  "onNodeDragStop",
  "onSelectionDrag",
  "onSelectionDragStart",
  "onSelectionDragStop",
  "onMoveStart",
  "onMove",
  "onMoveEnd",
  "noPanClassName",
  "nodeOrigin",
  "autoPanOnConnect",
  "autoPanOnNodeDrag",
  "onError",
  "connectionRadius",
  "isValidConnection",
  "selectNodesOnDrag",
  "nodeDragThreshold",
  "connectionDragThreshold",
  "onBeforeDelete",
  "debug",
  "autoPanSpeed",
  "ariaLabelConfig",
  "zIndexMode"
], Zd = [...z2, "rfId"], O2 = (e) => ({
  setNodes: e.setNodes,
  setEdges: e.setEdges,
  setMinZoom: e.setMinZoom,
  setMaxZoom: e.setMaxZoom,
  setTranslateExtent: e.setTranslateExtent,
  setNodeExtent: e.setNodeExtent,
  reset: e.reset,
  setDefaultNodesAndEdges: e.setDefaultNodesAndEdges
}), qd = {
  /*
   * these are values that are also passed directly to other components
   * than the StoreUpdater. We can reduce the number of setStore calls
   * by setting the same values here as prev fields.
   */
  translateExtent: Ui,
  nodeOrigin: P0,
  minZoom: 0.5,
  maxZoom: 2,
  elementsSelectable: !0,
  noPanClassName: "nopan",
  rfId: "1"
};
function j2(e) {
  const { setNodes: t, setEdges: n, setMinZoom: r, setMaxZoom: i, setTranslateExtent: o, setNodeExtent: s, reset: l, setDefaultNodesAndEdges: a } = se(O2, ye), u = de();
  j.useEffect(() => (a(e.defaultNodes, e.defaultEdges), () => {
    c.current = qd, l();
  }), []);
  const c = j.useRef(qd);
  return j.useEffect(
    () => {
      for (const d of Zd) {
        const f = e[d], p = c.current[d];
        f !== p && (typeof e[d] > "u" || (d === "nodes" ? t(f) : d === "edges" ? n(f) : d === "minZoom" ? r(f) : d === "maxZoom" ? i(f) : d === "translateExtent" ? o(f) : d === "nodeExtent" ? s(f) : d === "ariaLabelConfig" ? u.setState({ ariaLabelConfig: ok(f) }) : d === "fitView" ? u.setState({ fitViewQueued: f }) : d === "fitViewOptions" ? u.setState({ fitViewOptions: f }) : u.setState({ [d]: f })));
      }
      c.current = e;
    },
    // Only re-run the effect if one of the fields we track changes
    Zd.map((d) => e[d])
  ), null;
}
function Jd() {
  return typeof window > "u" || !window.matchMedia ? null : window.matchMedia("(prefers-color-scheme: dark)");
}
function R2(e) {
  var r;
  const [t, n] = j.useState(e === "system" ? null : e);
  return j.useEffect(() => {
    if (e !== "system") {
      n(e);
      return;
    }
    const i = Jd(), o = () => n(i != null && i.matches ? "dark" : "light");
    return o(), i == null || i.addEventListener("change", o), () => {
      i == null || i.removeEventListener("change", o);
    };
  }, [e]), t !== null ? t : (r = Jd()) != null && r.matches ? "dark" : "light";
}
const eh = typeof document < "u" ? document : null;
function Qi(e = null, t = { target: eh, actInsideInputWithModifier: !0 }) {
  const [n, r] = j.useState(!1), i = j.useRef(!1), o = j.useRef(/* @__PURE__ */ new Set([])), [s, l] = j.useMemo(() => {
    if (e !== null) {
      const u = (Array.isArray(e) ? e : [e]).filter((d) => typeof d == "string").map((d) => d.replace(/\+/g, `
`).replace(`

`, `
+`).split(`
`)), c = u.reduce((d, f) => d.concat(...f), []);
      return [u, c];
    }
    return [[], []];
  }, [e]);
  return j.useEffect(() => {
    const a = (t == null ? void 0 : t.target) ?? eh, u = (t == null ? void 0 : t.actInsideInputWithModifier) ?? !0;
    if (e !== null) {
      const c = (p) => {
        var E, g;
        if (i.current = p.ctrlKey || p.metaKey || p.shiftKey || p.altKey, (!i.current || i.current && !u) && i0(p))
          return !1;
        const v = nh(p.code, l);
        if (o.current.add(p[v]), th(s, o.current, !1)) {
          const y = ((g = (E = p.composedPath) == null ? void 0 : E.call(p)) == null ? void 0 : g[0]) || p.target, m = (y == null ? void 0 : y.nodeName) === "BUTTON" || (y == null ? void 0 : y.nodeName) === "A";
          t.preventDefault !== !1 && (i.current || !m) && p.preventDefault(), r(!0);
        }
      }, d = (p) => {
        const h = nh(p.code, l);
        th(s, o.current, !0) ? (r(!1), o.current.clear()) : o.current.delete(p[h]), p.key === "Meta" && o.current.clear(), i.current = !1;
      }, f = () => {
        o.current.clear(), r(!1);
      };
      return a == null || a.addEventListener("keydown", c), a == null || a.addEventListener("keyup", d), window.addEventListener("blur", f), window.addEventListener("contextmenu", f), () => {
        a == null || a.removeEventListener("keydown", c), a == null || a.removeEventListener("keyup", d), window.removeEventListener("blur", f), window.removeEventListener("contextmenu", f);
      };
    }
  }, [e, r]), n;
}
function th(e, t, n) {
  return e.filter((r) => n || r.length === t.size).some((r) => r.every((i) => t.has(i)));
}
function nh(e, t) {
  return t.includes(e) ? "code" : "key";
}
const D2 = () => {
  const e = de();
  return j.useMemo(() => ({
    zoomIn: async (t) => {
      const { panZoom: n } = e.getState();
      return n ? n.scaleBy(1.2, t) : !1;
    },
    zoomOut: async (t) => {
      const { panZoom: n } = e.getState();
      return n ? n.scaleBy(1 / 1.2, t) : !1;
    },
    zoomTo: async (t, n) => {
      const { panZoom: r } = e.getState();
      return r ? r.scaleTo(t, n) : !1;
    },
    getZoom: () => e.getState().transform[2],
    setViewport: async (t, n) => {
      const { transform: [r, i, o], panZoom: s } = e.getState();
      return s ? (await s.setViewport({
        x: t.x ?? r,
        y: t.y ?? i,
        zoom: t.zoom ?? o
      }, n), !0) : !1;
    },
    getViewport: () => {
      const [t, n, r] = e.getState().transform;
      return { x: t, y: n, zoom: r };
    },
    setCenter: async (t, n, r) => e.getState().setCenter(t, n, r),
    fitBounds: async (t, n) => {
      const { width: r, height: i, minZoom: o, maxZoom: s, panZoom: l } = e.getState(), a = Oc(t, r, i, o, s, (n == null ? void 0 : n.padding) ?? 0.1);
      return l ? (await l.setViewport(a, {
        duration: n == null ? void 0 : n.duration,
        ease: n == null ? void 0 : n.ease,
        interpolate: n == null ? void 0 : n.interpolate
      }), !0) : !1;
    },
    screenToFlowPosition: (t, n = {}) => {
      const { transform: r, snapGrid: i, snapToGrid: o, domNode: s } = e.getState();
      if (!s)
        return t;
      const { x: l, y: a } = s.getBoundingClientRect(), u = {
        x: t.x - l,
        y: t.y - a
      }, c = n.snapGrid ?? i, d = n.snapToGrid ?? o;
      return so(u, r, d, c);
    },
    flowToScreenPosition: (t) => {
      const { transform: n, domNode: r } = e.getState();
      if (!r)
        return t;
      const { x: i, y: o } = r.getBoundingClientRect(), s = Hr(t, n);
      return {
        x: s.x + i,
        y: s.y + o
      };
    }
  }), []);
};
function $0(e, t) {
  const n = [], r = /* @__PURE__ */ new Map(), i = [];
  for (const o of e)
    if (o.type === "add") {
      i.push(o);
      continue;
    } else if (o.type === "remove" || o.type === "replace")
      r.set(o.id, [o]);
    else {
      const s = r.get(o.id);
      s ? s.push(o) : r.set(o.id, [o]);
    }
  for (const o of t) {
    const s = r.get(o.id);
    if (!s) {
      n.push(o);
      continue;
    }
    if (s[0].type === "remove")
      continue;
    if (s[0].type === "replace") {
      n.push({ ...s[0].item });
      continue;
    }
    const l = { ...o };
    for (const a of s)
      A2(a, l);
    n.push(l);
  }
  return i.length && i.forEach((o) => {
    o.index !== void 0 ? n.splice(o.index, 0, { ...o.item }) : n.push({ ...o.item });
  }), n;
}
function A2(e, t) {
  switch (e.type) {
    case "select": {
      t.selected = e.selected;
      break;
    }
    case "position": {
      typeof e.position < "u" && (t.position = e.position), typeof e.dragging < "u" && (t.dragging = e.dragging);
      break;
    }
    case "dimensions": {
      typeof e.dimensions < "u" && (t.measured = {
        ...e.dimensions
      }, e.setAttributes && ((e.setAttributes === !0 || e.setAttributes === "width") && (t.width = e.dimensions.width), (e.setAttributes === !0 || e.setAttributes === "height") && (t.height = e.dimensions.height))), typeof e.resizing == "boolean" && (t.resizing = e.resizing);
      break;
    }
  }
}
function T0(e, t) {
  return $0(e, t);
}
function Eu(e, t) {
  return $0(e, t);
}
function Ln(e, t) {
  return {
    id: e,
    type: "select",
    selected: t
  };
}
function yr(e, t = /* @__PURE__ */ new Set()) {
  const n = [];
  for (const [r, i] of e) {
    const o = t.has(r);
    !(i.selected === void 0 && !o) && i.selected !== o && n.push(Ln(i.id, o));
  }
  return n;
}
function rh({ items: e = [], lookup: t }) {
  var i;
  const n = [], r = new Map(e.map((o) => [o.id, o]));
  for (const [o, s] of e.entries()) {
    const l = t.get(s.id), a = ((i = l == null ? void 0 : l.internals) == null ? void 0 : i.userNode) ?? l;
    a !== void 0 && a !== s && n.push({ id: s.id, item: s, type: "replace" }), a === void 0 && n.push({ item: s, type: "add", index: o });
  }
  for (const [o] of t)
    r.get(o) === void 0 && n.push({ id: o, type: "remove" });
  return n;
}
function ih(e) {
  return {
    id: e.id,
    type: "remove"
  };
}
const F2 = Jm();
function H2(e, t, n = {}) {
  return fk(e, t, {
    ...n,
    onError: n.onError ?? F2
  });
}
const oh = (e) => KS(e), V2 = (e) => Gm(e);
function b0(e) {
  return j.forwardRef(e);
}
const L0 = typeof window < "u" ? j.useLayoutEffect : j.useEffect;
function sh(e) {
  const [t, n] = j.useState(BigInt(0)), [r] = j.useState(() => B2(() => n((i) => i + BigInt(1))));
  return L0(() => {
    const i = r.get();
    i.length && (e(i), r.reset());
  }, [t]), r;
}
function B2(e) {
  let t = [];
  return {
    get: () => t,
    reset: () => {
      t = [];
    },
    push: (n) => {
      t.push(n), e();
    }
  };
}
const z0 = j.createContext(null);
function W2({ children: e }) {
  const t = de(), n = j.useCallback((l) => {
    const { nodes: a = [], setNodes: u, hasDefaultNodes: c, onNodesChange: d, nodeLookup: f, fitViewQueued: p, onNodesChangeMiddlewareMap: h } = t.getState();
    let v = a;
    for (const g of l)
      v = typeof g == "function" ? g(v) : g;
    let E = rh({
      items: v,
      lookup: f
    });
    for (const g of h.values())
      E = g(E);
    c && u(v), E.length > 0 ? d == null || d(E) : p && window.requestAnimationFrame(() => {
      const { fitViewQueued: g, nodes: y, setNodes: m } = t.getState();
      g && m(y);
    });
  }, []), r = sh(n), i = j.useCallback((l) => {
    const { edges: a = [], setEdges: u, hasDefaultEdges: c, onEdgesChange: d, edgeLookup: f } = t.getState();
    let p = a;
    for (const h of l)
      p = typeof h == "function" ? h(p) : h;
    c ? u(p) : d && d(rh({
      items: p,
      lookup: f
    }));
  }, []), o = sh(i), s = j.useMemo(() => ({ nodeQueue: r, edgeQueue: o }), []);
  return _.jsx(z0.Provider, { value: s, children: e });
}
function U2() {
  const e = j.useContext(z0);
  if (!e)
    throw new Error("useBatchContext must be used within a BatchProvider");
  return e;
}
const Y2 = (e) => !!e.panZoom;
function pl() {
  const e = D2(), t = de(), n = U2(), r = se(Y2), i = j.useMemo(() => {
    const o = (d) => t.getState().nodeLookup.get(d), s = (d) => {
      n.nodeQueue.push(d);
    }, l = (d) => {
      n.edgeQueue.push(d);
    }, a = (d) => {
      var g, y;
      const { nodeLookup: f, nodeOrigin: p } = t.getState(), h = oh(d) ? d : f.get(d.id), v = h.parentId ? t0(h.position, h.measured, h.parentId, f, p) : h.position, E = {
        ...h,
        position: v,
        width: ((g = h.measured) == null ? void 0 : g.width) ?? h.width,
        height: ((y = h.measured) == null ? void 0 : y.height) ?? h.height
      };
      return Xi(E, h.parentId ? void 0 : p);
    }, u = (d, f, p = { replace: !1 }) => {
      s((h) => h.map((v) => {
        if (v.id === d) {
          const E = typeof f == "function" ? f(v) : f;
          return p.replace && oh(E) ? E : { ...v, ...E };
        }
        return v;
      }));
    }, c = (d, f, p = { replace: !1 }) => {
      l((h) => h.map((v) => {
        if (v.id === d) {
          const E = typeof f == "function" ? f(v) : f;
          return p.replace && V2(E) ? E : { ...v, ...E };
        }
        return v;
      }));
    };
    return {
      getNodes: () => t.getState().nodes.map((d) => ({ ...d })),
      getNode: (d) => {
        var f;
        return (f = o(d)) == null ? void 0 : f.internals.userNode;
      },
      getInternalNode: o,
      getEdges: () => {
        const { edges: d = [] } = t.getState();
        return d.map((f) => ({ ...f }));
      },
      getEdge: (d) => t.getState().edgeLookup.get(d),
      setNodes: s,
      setEdges: l,
      addNodes: (d) => {
        const f = Array.isArray(d) ? d : [d];
        n.nodeQueue.push((p) => [...p, ...f]);
      },
      addEdges: (d) => {
        const f = Array.isArray(d) ? d : [d];
        n.edgeQueue.push((p) => [...p, ...f]);
      },
      toObject: () => {
        const { nodes: d = [], edges: f = [], transform: p } = t.getState(), [h, v, E] = p;
        return {
          nodes: d.map((g) => ({ ...g })),
          edges: f.map((g) => ({ ...g })),
          viewport: {
            x: h,
            y: v,
            zoom: E
          }
        };
      },
      deleteElements: async ({ nodes: d = [], edges: f = [] }) => {
        const { nodes: p, edges: h, onNodesDelete: v, onEdgesDelete: E, triggerNodeChanges: g, triggerEdgeChanges: y, onDelete: m, onBeforeDelete: w } = t.getState(), { nodes: S, edges: k } = await tk({
          nodesToRemove: d,
          edgesToRemove: f,
          nodes: p,
          edges: h,
          onBeforeDelete: w
        }), N = k.length > 0, P = S.length > 0;
        if (N) {
          const L = k.map(ih);
          E == null || E(k), y(L);
        }
        if (P) {
          const L = S.map(ih);
          v == null || v(S), g(L);
        }
        return (P || N) && (m == null || m({ nodes: S, edges: k })), { deletedNodes: S, deletedEdges: k };
      },
      /**
       * Partial is defined as "the 2 nodes/areas are intersecting partially".
       * If a is contained in b or b is contained in a, they are both
       * considered fully intersecting.
       */
      getIntersectingNodes: (d, f = !0, p) => {
        const h = zd(d), v = h ? d : a(d), E = p !== void 0;
        if (!v)
          return [];
        const { nodeOrigin: g } = t.getState();
        return (p || t.getState().nodes).filter((y) => {
          const m = t.getState().nodeLookup.get(y.id);
          if (m && !h && (y.id === d.id || !m.internals.positionAbsolute))
            return !1;
          const w = Xi(E ? y : m, g), S = Ls(w, v);
          return f && S > 0 || S >= w.width * w.height || S >= v.width * v.height;
        });
      },
      isNodeIntersecting: (d, f, p = !0) => {
        const v = zd(d) ? d : a(d);
        if (!v)
          return !1;
        const E = Ls(v, f);
        return p && E > 0 || E >= f.width * f.height || E >= v.width * v.height;
      },
      updateNode: u,
      updateNodeData: (d, f, p = { replace: !1 }) => {
        u(d, (h) => {
          const v = typeof f == "function" ? f(h) : f;
          return p.replace ? { ...h, data: v } : { ...h, data: { ...h.data, ...v } };
        }, p);
      },
      updateEdge: c,
      updateEdgeData: (d, f, p = { replace: !1 }) => {
        c(d, (h) => {
          const v = typeof f == "function" ? f(h) : f;
          return p.replace ? { ...h, data: v } : { ...h, data: { ...h.data, ...v } };
        }, p);
      },
      getNodesBounds: (d) => {
        const { nodeLookup: f, nodeOrigin: p } = t.getState();
        return ZS(d, { nodeLookup: f, nodeOrigin: p });
      },
      getHandleConnections: ({ type: d, id: f, nodeId: p }) => {
        var h;
        return Array.from(((h = t.getState().connectionLookup.get(`${p}-${d}${f ? `-${f}` : ""}`)) == null ? void 0 : h.values()) ?? []);
      },
      getNodeConnections: ({ type: d, handleId: f, nodeId: p }) => {
        var h;
        return Array.from(((h = t.getState().connectionLookup.get(`${p}${d ? f ? `-${d}-${f}` : `-${d}` : ""}`)) == null ? void 0 : h.values()) ?? []);
      },
      fitView: async (d) => {
        const f = t.getState().fitViewResolver ?? ik();
        return t.setState({ fitViewQueued: !0, fitViewOptions: d, fitViewResolver: f }), n.nodeQueue.push((p) => [...p]), f.promise;
      }
    };
  }, []);
  return j.useMemo(() => ({
    ...i,
    ...e,
    viewportInitialized: r
  }), [r]);
}
const lh = (e) => e.selected, X2 = typeof window < "u" ? window : void 0;
function G2({ deleteKeyCode: e, multiSelectionKeyCode: t }) {
  const n = de(), { deleteElements: r } = pl(), i = Qi(e, { actInsideInputWithModifier: !1 }), o = Qi(t, { target: X2 });
  j.useEffect(() => {
    if (i) {
      const { edges: s, nodes: l } = n.getState();
      r({ nodes: l.filter(lh), edges: s.filter(lh) }), n.setState({ nodesSelectionActive: !1 });
    }
  }, [i]), j.useEffect(() => {
    n.setState({ multiSelectionActive: o });
  }, [o]);
}
function Q2(e) {
  const t = de();
  j.useEffect(() => {
    const n = () => {
      var i, o, s, l;
      if (!e.current || !(((o = (i = e.current).checkVisibility) == null ? void 0 : o.call(i)) ?? !0))
        return !1;
      const r = jc(e.current);
      (r.height === 0 || r.width === 0) && ((l = (s = t.getState()).onError) == null || l.call(s, "004", Et.error004())), t.setState({ width: r.width || 500, height: r.height || 500 });
    };
    if (e.current) {
      n(), window.addEventListener("resize", n);
      const r = new ResizeObserver(() => n());
      return r.observe(e.current), () => {
        window.removeEventListener("resize", n), r.disconnect();
      };
    }
  }, []);
}
const gl = {
  position: "absolute",
  width: "100%",
  height: "100%",
  top: 0,
  left: 0
}, K2 = (e) => ({
  userSelectionActive: e.userSelectionActive,
  lib: e.lib,
  connectionInProgress: e.connection.inProgress
});
function Z2({ onPaneContextMenu: e, zoomOnScroll: t = !0, zoomOnPinch: n = !0, panOnScroll: r = !1, panActivationKeyPressed: i, panOnScrollSpeed: o = 0.5, panOnScrollMode: s = Vn.Free, zoomOnDoubleClick: l = !0, panOnDrag: a = !0, defaultViewport: u, translateExtent: c, minZoom: d, maxZoom: f, zoomActivationKeyCode: p, preventScrolling: h = !0, children: v, noWheelClassName: E, noPanClassName: g, onViewportChange: y, isControlledViewport: m, paneClickDistance: w, selectionOnDrag: S }) {
  const k = de(), N = j.useRef(null), { userSelectionActive: P, lib: L, connectionInProgress: R } = se(K2, ye), D = Qi(p), $ = j.useRef();
  Q2(N);
  const T = j.useCallback((x) => {
    y == null || y({ x: x[0], y: x[1], zoom: x[2] }), m || k.setState({ transform: x });
  }, [y, m]);
  return j.useEffect(() => {
    if (N.current) {
      $.current = Vk({
        domNode: N.current,
        minZoom: d,
        maxZoom: f,
        translateExtent: c,
        viewport: u,
        onDraggingChange: (O) => k.setState((I) => I.paneDragging === O ? I : { paneDragging: O }),
        onPanZoomStart: (O, I) => {
          const { onViewportChangeStart: M, onMoveStart: z } = k.getState();
          z == null || z(O, I), M == null || M(I);
        },
        onPanZoom: (O, I) => {
          const { onViewportChange: M, onMove: z } = k.getState();
          z == null || z(O, I), M == null || M(I);
        },
        onPanZoomEnd: (O, I) => {
          const { onViewportChangeEnd: M, onMoveEnd: z } = k.getState();
          z == null || z(O, I), M == null || M(I);
        }
      });
      const { x, y: C, zoom: b } = $.current.getViewport();
      return k.setState({
        panZoom: $.current,
        transform: [x, C, b],
        domNode: N.current.closest(".react-flow")
      }), () => {
        var O;
        (O = $.current) == null || O.destroy();
      };
    }
  }, []), j.useEffect(() => {
    var x;
    (x = $.current) == null || x.update({
      onPaneContextMenu: e,
      zoomOnScroll: t,
      zoomOnPinch: n,
      panOnScroll: r,
      panActivationKeyPressed: i,
      panOnScrollSpeed: o,
      panOnScrollMode: s,
      zoomOnDoubleClick: l,
      panOnDrag: a,
      zoomActivationKeyPressed: D,
      preventScrolling: h,
      noPanClassName: g,
      userSelectionActive: P,
      noWheelClassName: E,
      lib: L,
      onTransformChange: T,
      connectionInProgress: R,
      selectionOnDrag: S,
      paneClickDistance: w
    });
  }, [
    e,
    t,
    n,
    r,
    i,
    o,
    s,
    l,
    a,
    D,
    h,
    g,
    P,
    E,
    L,
    T,
    R,
    S,
    w
  ]), _.jsx("div", { className: "react-flow__renderer", ref: N, style: gl, children: v });
}
const q2 = (e) => ({
  userSelectionActive: e.userSelectionActive,
  userSelectionRect: e.userSelectionRect
});
function J2() {
  const { userSelectionActive: e, userSelectionRect: t } = se(q2, ye);
  return e && t ? _.jsx("div", { className: "react-flow__selection react-flow__container", style: {
    width: t.width,
    height: t.height,
    transform: `translate(${t.x}px, ${t.y}px)`
  } }) : null;
}
const la = (e, t) => (n) => {
  n.target === t.current && (e == null || e(n));
}, eN = (e) => ({
  userSelectionActive: e.userSelectionActive,
  elementsSelectable: e.elementsSelectable,
  dragging: e.paneDragging,
  panBy: e.panBy,
  autoPanSpeed: e.autoPanSpeed
});
function tN({ isSelecting: e, selectionKeyPressed: t, selectionMode: n = Yi.Full, panOnDrag: r, autoPanOnSelection: i, paneClickDistance: o, selectionOnDrag: s, onSelectionStart: l, onSelectionEnd: a, onPaneClick: u, onPaneContextMenu: c, onPaneScroll: d, onPaneMouseEnter: f, onPaneMouseMove: p, onPaneMouseLeave: h, children: v }) {
  const E = j.useRef(0), g = de(), { userSelectionActive: y, elementsSelectable: m, dragging: w, panBy: S, autoPanSpeed: k } = se(eN, ye), N = m && (e || y), P = j.useRef(null), L = j.useRef(), R = j.useRef(/* @__PURE__ */ new Set()), D = j.useRef(/* @__PURE__ */ new Set()), $ = j.useRef(!1), T = j.useRef(!1), x = j.useRef({ x: 0, y: 0 }), C = j.useRef(!1), b = (F) => {
    if (T.current || $.current || g.getState().connection.inProgress) {
      T.current = !1, $.current = !1;
      return;
    }
    const { connectionClickStartHandle: W, connection: J, onClickConnectEnd: q, resetSelectedElements: G } = g.getState();
    if (W) {
      const K = structuredClone(J);
      delete K.inProgress, K.toPosition = K.toHandle ? K.toHandle.position : null, q == null || q(F.nativeEvent, K), g.setState({ connectionClickStartHandle: null });
    }
    u == null || u(F), G(), g.setState({ nodesSelectionActive: !1 });
  }, O = (F) => {
    if (Array.isArray(r) && (r != null && r.includes(2))) {
      F.preventDefault();
      return;
    }
    c == null || c(F);
  }, I = d ? (F) => d(F) : void 0, M = (F) => {
    T.current && (F.stopPropagation(), T.current = !1);
  }, z = (F) => {
    var ae, et;
    if (F.pointerType === "touch" && r !== !1 && !t)
      return;
    const { domNode: W, transform: J } = g.getState();
    if (L.current = W == null ? void 0 : W.getBoundingClientRect(), !L.current)
      return;
    const q = F.target === P.current;
    if (!q && !!F.target.closest(".nokey") || !e || !(s && q || t) || F.button !== 0 || !F.isPrimary)
      return;
    (et = (ae = F.target) == null ? void 0 : ae.setPointerCapture) == null || et.call(ae, F.pointerId), T.current = !1;
    const { x: te, y: ne } = yt(F.nativeEvent, L.current), ie = so({ x: te, y: ne }, J);
    g.setState({
      userSelectionRect: {
        width: 0,
        height: 0,
        startX: ie.x,
        startY: ie.y,
        x: te,
        y: ne
      }
    }), q || (F.stopPropagation(), F.preventDefault());
  };
  function A(F, W) {
    const { userSelectionRect: J } = g.getState();
    if (!J)
      return;
    const { transform: q, nodeLookup: G, edgeLookup: K, connectionLookup: te, triggerNodeChanges: ne, triggerEdgeChanges: ie, defaultEdgeOptions: ae } = g.getState(), et = { x: J.startX, y: J.startY }, { x: Nt, y: Ct } = Hr(et, q), jt = {
      startX: et.x,
      startY: et.y,
      x: F < Nt ? F : Nt,
      y: W < Ct ? W : Ct,
      width: Math.abs(F - Nt),
      height: Math.abs(W - Ct)
    }, Qr = R.current, Mn = D.current;
    R.current = new Set(Lc(G, jt, q, n === Yi.Partial, !0).map((ut) => ut.id)), D.current = /* @__PURE__ */ new Set();
    const In = (ae == null ? void 0 : ae.selectable) ?? !0;
    for (const ut of R.current) {
      const Rt = te.get(ut);
      if (Rt)
        for (const { edgeId: Dt } of Rt.values()) {
          const Pn = K.get(Dt);
          Pn && (Pn.selectable ?? In) && D.current.add(Dt);
        }
    }
    if (!Od(Qr, R.current)) {
      const ut = yr(G, R.current);
      ne(ut);
    }
    if (!Od(Mn, D.current)) {
      const ut = yr(K, D.current);
      ie(ut);
    }
    g.setState({
      userSelectionRect: jt,
      userSelectionActive: !0,
      nodesSelectionActive: !1
    });
  }
  function H() {
    if (!i || !L.current)
      return;
    const [F, W] = zc(x.current, L.current, k);
    S({ x: F, y: W }).then((J) => {
      if (!T.current || !J) {
        E.current = requestAnimationFrame(H);
        return;
      }
      const { x: q, y: G } = x.current;
      A(q, G), E.current = requestAnimationFrame(H);
    });
  }
  const Y = () => {
    cancelAnimationFrame(E.current), E.current = 0, C.current = !1;
  };
  j.useEffect(() => () => Y(), []);
  const B = (F) => {
    const { userSelectionRect: W, transform: J, resetSelectedElements: q } = g.getState();
    if (!L.current || !W)
      return;
    const { x: G, y: K } = yt(F.nativeEvent, L.current);
    x.current = { x: G, y: K };
    const te = Hr({ x: W.startX, y: W.startY }, J);
    if (!T.current) {
      const ne = t ? 0 : o;
      if (Math.hypot(G - te.x, K - te.y) <= ne)
        return;
      q(), l == null || l(F);
    }
    T.current = !0, C.current || (H(), C.current = !0), A(G, K);
  }, Z = (F) => {
    var W, J;
    if (!N) {
      F.target === P.current && g.getState().connection.inProgress && ($.current = !0);
      return;
    }
    F.button === 0 && ((J = (W = F.target) == null ? void 0 : W.releasePointerCapture) == null || J.call(W, F.pointerId), !y && F.target === P.current && g.getState().userSelectionRect && (b == null || b(F)), g.setState({
      userSelectionActive: !1,
      userSelectionRect: null
    }), T.current && (a == null || a(F), g.setState({
      nodesSelectionActive: R.current.size > 0
    })), Y());
  }, ee = (F) => {
    var W, J;
    (J = (W = F.target) == null ? void 0 : W.releasePointerCapture) == null || J.call(W, F.pointerId), Y();
  }, X = r === !0 || Array.isArray(r) && r.includes(0);
  return _.jsxs("div", { className: Se(["react-flow__pane", { draggable: X, dragging: w, selection: e }]), onClick: N ? void 0 : la(b, P), onContextMenu: la(O, P), onWheel: la(I, P), onPointerEnter: N ? void 0 : f, onPointerMove: N ? B : p, onPointerUp: Z, onPointerCancel: N ? ee : void 0, onPointerDownCapture: N ? z : void 0, onClickCapture: N ? M : void 0, onPointerLeave: h, ref: P, style: gl, children: [v, _.jsx(J2, {})] });
}
function _u({ id: e, store: t, unselect: n = !1, nodeRef: r }) {
  const { addSelectedNodes: i, unselectNodesAndEdges: o, multiSelectionActive: s, nodeLookup: l, onError: a } = t.getState(), u = l.get(e);
  if (!u) {
    a == null || a("012", Et.error012(e));
    return;
  }
  t.setState({ nodesSelectionActive: !1 }), u.selected ? (n || u.selected && s) && (o({ nodes: [u], edges: [] }), requestAnimationFrame(() => {
    var c;
    return (c = r == null ? void 0 : r.current) == null ? void 0 : c.blur();
  })) : i([e]);
}
function O0({ nodeRef: e, disabled: t = !1, noDragClassName: n, handleSelector: r, nodeId: i, isSelectable: o, nodeClickDistance: s }) {
  const l = de(), [a, u] = j.useState(!1), c = j.useRef();
  return j.useEffect(() => {
    if (!t)
      return c.current = Ik({
        getStoreItems: () => l.getState(),
        onNodeMouseDown: (d) => {
          _u({
            id: d,
            store: l,
            nodeRef: e
          });
        },
        onDragStart: () => {
          u(!0);
        },
        onDragStop: () => {
          u(!1);
        }
      }), () => {
        var d;
        (d = c.current) == null || d.destroy(), c.current = void 0;
      };
  }, [t, l, e]), j.useEffect(() => {
    t || !e.current || !c.current || c.current.update({
      noDragClassName: n,
      handleSelector: r,
      domNode: e.current,
      isSelectable: o,
      nodeId: i,
      nodeClickDistance: s
    });
  }, [n, r, t, o, e, i, s]), a;
}
const nN = (e) => (t) => t.selected && (t.draggable || e && typeof t.draggable > "u");
function j0() {
  const e = de();
  return j.useCallback((n) => {
    const { nodeExtent: r, snapToGrid: i, snapGrid: o, nodesDraggable: s, onError: l, updateNodePositions: a, nodeLookup: u, nodeOrigin: c } = e.getState(), d = /* @__PURE__ */ new Map(), f = nN(s), p = i ? o[0] : 5, h = i ? o[1] : 5, v = n.direction.x * p * n.factor, E = n.direction.y * h * n.factor;
    for (const [, g] of u) {
      if (!f(g))
        continue;
      let y = {
        x: g.internals.positionAbsolute.x + v,
        y: g.internals.positionAbsolute.y + E
      };
      i && (y = oo(y, o));
      const { position: m, positionAbsolute: w } = Qm({
        nodeId: g.id,
        nextPosition: y,
        nodeLookup: u,
        nodeExtent: r,
        nodeOrigin: c,
        onError: l
      });
      g.position = m, g.internals.positionAbsolute = w, d.set(g.id, g);
    }
    a(d);
  }, []);
}
const Vc = j.createContext(null), rN = Vc.Provider;
Vc.Consumer;
const R0 = () => j.useContext(Vc), iN = (e) => ({
  connectOnClick: e.connectOnClick,
  noPanClassName: e.noPanClassName,
  rfId: e.rfId
}), D0 = j.createContext(null);
function oN({ children: e }) {
  const t = se(iN, ye);
  return _.jsx(D0.Provider, { value: t, children: e });
}
function sN() {
  const e = j.useContext(D0);
  if (!e)
    throw new Error("useHandleConfig must be used within a HandleConfigProvider");
  return e;
}
const lN = {
  connectingFrom: !1,
  connectingTo: !1,
  clickConnecting: !1,
  isPossibleEndHandle: !0,
  connectionInProcess: !1,
  clickConnectionInProcess: !1,
  valid: !1
}, aN = (e, t, n) => (r) => {
  const { connectionClickStartHandle: i, connectionMode: o, connection: s } = r, { fromHandle: l, toHandle: a, isValid: u } = s;
  if (!l && !i)
    return lN;
  const c = (a == null ? void 0 : a.nodeId) === e && (a == null ? void 0 : a.id) === t && (a == null ? void 0 : a.type) === n;
  return {
    connectingFrom: (l == null ? void 0 : l.nodeId) === e && (l == null ? void 0 : l.id) === t && (l == null ? void 0 : l.type) === n,
    connectingTo: c,
    clickConnecting: (i == null ? void 0 : i.nodeId) === e && (i == null ? void 0 : i.id) === t && (i == null ? void 0 : i.type) === n,
    isPossibleEndHandle: o === Ar.Strict ? (l == null ? void 0 : l.type) !== n : e !== (l == null ? void 0 : l.nodeId) || t !== (l == null ? void 0 : l.id),
    connectionInProcess: !!l,
    clickConnectionInProcess: !!i,
    valid: c && u
  };
};
function uN({ type: e = "source", position: t = Q.Top, isValidConnection: n, isConnectable: r = !0, isConnectableStart: i = !0, isConnectableEnd: o = !0, id: s, onConnect: l, children: a, className: u, onMouseDown: c, onTouchStart: d, ...f }, p) {
  var C, b;
  const h = s || null, v = e === "target", E = de(), g = R0(), { connectOnClick: y, noPanClassName: m, rfId: w } = sN(), { connectingFrom: S, connectingTo: k, clickConnecting: N, isPossibleEndHandle: P, connectionInProcess: L, clickConnectionInProcess: R, valid: D } = se(aN(g, h, e), ye);
  g || (b = (C = E.getState()).onError) == null || b.call(C, "010", Et.error010());
  const $ = (O) => {
    const { defaultEdgeOptions: I, onConnect: M, hasDefaultEdges: z } = E.getState(), A = {
      ...I,
      ...O
    };
    if (z) {
      const { edges: H, setEdges: Y, onError: B } = E.getState();
      Y(H2(A, H, { onError: B }));
    }
    M == null || M(A), l == null || l(A);
  }, T = (O) => {
    if (!g)
      return;
    const I = o0(O.nativeEvent);
    if (i && (I && O.button === 0 || !I)) {
      const M = E.getState();
      xu.onPointerDown(O.nativeEvent, {
        handleDomNode: O.currentTarget,
        autoPanOnConnect: M.autoPanOnConnect,
        connectionMode: M.connectionMode,
        connectionRadius: M.connectionRadius,
        domNode: M.domNode,
        nodeLookup: M.nodeLookup,
        lib: M.lib,
        isTarget: v,
        handleId: h,
        nodeId: g,
        flowId: M.rfId,
        panBy: M.panBy,
        cancelConnection: M.cancelConnection,
        onConnectStart: M.onConnectStart,
        onConnectEnd: (...z) => {
          var A, H;
          return (H = (A = E.getState()).onConnectEnd) == null ? void 0 : H.call(A, ...z);
        },
        updateConnection: M.updateConnection,
        onConnect: $,
        isValidConnection: n || ((...z) => {
          var A, H;
          return ((H = (A = E.getState()).isValidConnection) == null ? void 0 : H.call(A, ...z)) ?? !0;
        }),
        getTransform: () => E.getState().transform,
        getFromHandle: () => E.getState().connection.fromHandle,
        autoPanSpeed: M.autoPanSpeed,
        dragThreshold: M.connectionDragThreshold
      });
    }
    I ? c == null || c(O) : d == null || d(O);
  }, x = (O) => {
    const { onClickConnectStart: I, onClickConnectEnd: M, connectionClickStartHandle: z, connectionMode: A, isValidConnection: H, lib: Y, rfId: B, nodeLookup: Z, connection: ee } = E.getState();
    if (!g || !z && !i)
      return;
    if (!z) {
      I == null || I(O.nativeEvent, { nodeId: g, handleId: h, handleType: e }), E.setState({ connectionClickStartHandle: { nodeId: g, type: e, id: h } });
      return;
    }
    const X = r0(O.target), F = n || H, { connection: W, isValid: J } = xu.isValid(O.nativeEvent, {
      handle: {
        nodeId: g,
        id: h,
        type: e
      },
      connectionMode: A,
      fromNodeId: z.nodeId,
      fromHandleId: z.id || null,
      fromType: z.type,
      isValidConnection: F,
      flowId: B,
      doc: X,
      lib: Y,
      nodeLookup: Z
    });
    J && W && $(W);
    const q = structuredClone(ee);
    delete q.inProgress, q.toPosition = q.toHandle ? q.toHandle.position : null, M == null || M(O, q), E.setState({ connectionClickStartHandle: null });
  };
  return _.jsx("div", { "data-handleid": h, "data-nodeid": g, "data-handlepos": t, "data-id": `${w}-${g}-${h}-${e}`, className: Se([
    "react-flow__handle",
    `react-flow__handle-${t}`,
    "nodrag",
    m,
    u,
    {
      source: !v,
      target: v,
      connectable: r,
      connectablestart: i,
      connectableend: o,
      clickconnecting: N,
      connectingfrom: S,
      connectingto: k,
      valid: D,
      /*
       * shows where you can start a connection from
       * and where you can end it while connecting
       */
      connectionindicator: r && (!L || P) && (L || R ? o : i)
    }
  ]), onMouseDown: T, onTouchStart: T, onClick: y ? x : void 0, ref: p, ...f, children: a });
}
const Wr = j.memo(b0(uN));
function cN({ data: e, isConnectable: t, sourcePosition: n = Q.Bottom }) {
  return _.jsxs(_.Fragment, { children: [e == null ? void 0 : e.label, _.jsx(Wr, { type: "source", position: n, isConnectable: t })] });
}
function fN({ data: e, isConnectable: t, targetPosition: n = Q.Top, sourcePosition: r = Q.Bottom }) {
  return _.jsxs(_.Fragment, { children: [_.jsx(Wr, { type: "target", position: n, isConnectable: t }), e == null ? void 0 : e.label, _.jsx(Wr, { type: "source", position: r, isConnectable: t })] });
}
function dN() {
  return null;
}
function hN({ data: e, isConnectable: t, targetPosition: n = Q.Top }) {
  return _.jsxs(_.Fragment, { children: [_.jsx(Wr, { type: "target", position: n, isConnectable: t }), e == null ? void 0 : e.label] });
}
const zs = {
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 }
}, ah = {
  input: cN,
  default: fN,
  output: hN,
  group: dN
};
function pN(e) {
  var t, n, r, i;
  return e.internals.handleBounds === void 0 ? {
    width: e.width ?? e.initialWidth ?? ((t = e.style) == null ? void 0 : t.width),
    height: e.height ?? e.initialHeight ?? ((n = e.style) == null ? void 0 : n.height)
  } : {
    width: e.width ?? ((r = e.style) == null ? void 0 : r.width),
    height: e.height ?? ((i = e.style) == null ? void 0 : i.height)
  };
}
const gN = (e) => {
  const { width: t, height: n, x: r, y: i } = io(e.nodeLookup, {
    filter: (o) => !!o.selected
  });
  return {
    width: mt(t) ? t : null,
    height: mt(n) ? n : null,
    userSelectionActive: e.userSelectionActive,
    transformString: `translate(${e.transform[0]}px,${e.transform[1]}px) scale(${e.transform[2]}) translate(${r}px,${i}px)`
  };
};
function mN({ onSelectionContextMenu: e, noPanClassName: t, disableKeyboardA11y: n }) {
  const r = de(), { width: i, height: o, transformString: s, userSelectionActive: l } = se(gN, ye), a = j0(), u = j.useRef(null);
  j.useEffect(() => {
    var p;
    n || (p = u.current) == null || p.focus({
      preventScroll: !0
    });
  }, [n]);
  const c = !l && i !== null && o !== null;
  if (O0({
    nodeRef: u,
    disabled: !c
  }), !c)
    return null;
  const d = e ? (p) => {
    const h = r.getState().nodes.filter((v) => v.selected);
    e(p, h);
  } : void 0, f = (p) => {
    Object.prototype.hasOwnProperty.call(zs, p.key) && (p.preventDefault(), a({
      direction: zs[p.key],
      factor: p.shiftKey ? 4 : 1
    }));
  };
  return _.jsx("div", { className: Se(["react-flow__nodesselection", "react-flow__container", t]), style: {
    transform: s
  }, children: _.jsx("div", { ref: u, className: "react-flow__nodesselection-rect", onContextMenu: d, tabIndex: n ? void 0 : -1, onKeyDown: n ? void 0 : f, style: {
    width: i,
    height: o
  } }) });
}
const uh = typeof window < "u" ? window : void 0, yN = (e) => ({ nodesSelectionActive: e.nodesSelectionActive, userSelectionActive: e.userSelectionActive });
function A0({ children: e, onPaneClick: t, onPaneMouseEnter: n, onPaneMouseMove: r, onPaneMouseLeave: i, onPaneContextMenu: o, onPaneScroll: s, paneClickDistance: l, deleteKeyCode: a, selectionKeyCode: u, selectionOnDrag: c, selectionMode: d, onSelectionStart: f, onSelectionEnd: p, multiSelectionKeyCode: h, panActivationKeyCode: v, zoomActivationKeyCode: E, elementsSelectable: g, zoomOnScroll: y, zoomOnPinch: m, panOnScroll: w, panOnScrollSpeed: S, panOnScrollMode: k, zoomOnDoubleClick: N, panOnDrag: P, autoPanOnSelection: L, defaultViewport: R, translateExtent: D, minZoom: $, maxZoom: T, preventScrolling: x, onSelectionContextMenu: C, noWheelClassName: b, noPanClassName: O, disableKeyboardA11y: I, onViewportChange: M, isControlledViewport: z }) {
  const { nodesSelectionActive: A, userSelectionActive: H } = se(yN, ye), Y = Qi(u, { target: uh }), B = Qi(v, { target: uh }), Z = B || P, ee = B || w, X = c && Z !== !0, F = Y || H || X;
  return G2({ deleteKeyCode: a, multiSelectionKeyCode: h }), _.jsx(Z2, { onPaneContextMenu: o, elementsSelectable: g, zoomOnScroll: y, zoomOnPinch: m, panOnScroll: ee, panActivationKeyPressed: B, panOnScrollSpeed: S, panOnScrollMode: k, zoomOnDoubleClick: N, panOnDrag: !Y && Z, defaultViewport: R, translateExtent: D, minZoom: $, maxZoom: T, zoomActivationKeyCode: E, preventScrolling: x, noWheelClassName: b, noPanClassName: O, onViewportChange: M, isControlledViewport: z, paneClickDistance: l, selectionOnDrag: X, children: _.jsxs(tN, { onSelectionStart: f, onSelectionEnd: p, onPaneClick: t, onPaneMouseEnter: n, onPaneMouseMove: r, onPaneMouseLeave: i, onPaneContextMenu: o, onPaneScroll: s, panOnDrag: Z, autoPanOnSelection: L, isSelecting: !!F, selectionMode: d, selectionKeyPressed: Y, paneClickDistance: l, selectionOnDrag: X, children: [e, A && _.jsx(mN, { onSelectionContextMenu: C, noPanClassName: O, disableKeyboardA11y: I })] }) });
}
A0.displayName = "FlowRenderer";
const vN = j.memo(A0), wN = (e) => (t) => e ? Lc(t.nodeLookup, { x: 0, y: 0, width: t.width, height: t.height }, t.transform, !0).map((n) => n.id) : Array.from(t.nodeLookup.keys());
function xN(e) {
  return se(j.useCallback(wN(e), [e]), ye);
}
const EN = (e) => e.updateNodeInternals;
function _N() {
  const e = se(EN), [t] = j.useState(() => typeof ResizeObserver > "u" ? null : new ResizeObserver((n) => {
    const r = /* @__PURE__ */ new Map();
    n.forEach((i) => {
      const o = i.target.getAttribute("data-id");
      r.set(o, {
        id: o,
        nodeElement: i.target,
        force: !0
      });
    }), e(r);
  }));
  return j.useEffect(() => () => {
    t == null || t.disconnect();
  }, [t]), t;
}
function SN({ node: e, nodeType: t, hasDimensions: n, resizeObserver: r }) {
  const i = de(), o = j.useRef(null), s = j.useRef(null), l = j.useRef(e.sourcePosition), a = j.useRef(e.targetPosition), u = j.useRef(t), c = n && !!e.internals.handleBounds;
  return j.useEffect(() => {
    o.current && !e.hidden && (!c || s.current !== o.current) && (s.current && (r == null || r.unobserve(s.current)), r == null || r.observe(o.current), s.current = o.current);
  }, [c, e.hidden]), j.useEffect(() => () => {
    s.current && (r == null || r.unobserve(s.current), s.current = null);
  }, []), j.useEffect(() => {
    if (o.current) {
      const d = u.current !== t, f = l.current !== e.sourcePosition, p = a.current !== e.targetPosition;
      (d || f || p) && (u.current = t, l.current = e.sourcePosition, a.current = e.targetPosition, i.getState().updateNodeInternals(/* @__PURE__ */ new Map([[e.id, { id: e.id, nodeElement: o.current, force: !0 }]])));
    }
  }, [e.id, t, e.sourcePosition, e.targetPosition]), o;
}
function kN({ id: e, onClick: t, onMouseEnter: n, onMouseMove: r, onMouseLeave: i, onContextMenu: o, onDoubleClick: s, nodesDraggable: l, elementsSelectable: a, nodesConnectable: u, nodesFocusable: c, resizeObserver: d, noDragClassName: f, noPanClassName: p, disableKeyboardA11y: h, rfId: v, nodeTypes: E, nodeClickDistance: g, onError: y }) {
  const { node: m, internals: w, isParent: S } = se((F) => {
    const W = F.nodeLookup.get(e), J = F.parentLookup.has(e);
    return {
      node: W,
      internals: W.internals,
      isParent: J
    };
  }, ye);
  let k = m.type || "default", N = (E == null ? void 0 : E[k]) || ah[k];
  N === void 0 && (y == null || y("003", Et.error003(k)), k = "default", N = (E == null ? void 0 : E.default) || ah.default);
  const P = !!(m.draggable || l && typeof m.draggable > "u"), L = !!(m.selectable || a && typeof m.selectable > "u"), R = !!(m.connectable || u && typeof m.connectable > "u"), D = !!(m.focusable || c && typeof m.focusable > "u"), $ = de(), T = e0(m), x = SN({ node: m, nodeType: k, hasDimensions: T, resizeObserver: d }), C = O0({
    nodeRef: x,
    disabled: m.hidden || !P,
    noDragClassName: f,
    handleSelector: m.dragHandle,
    nodeId: e,
    isSelectable: L,
    nodeClickDistance: g
  }), b = j0();
  if (m.hidden)
    return null;
  const O = St(m), I = pN(m), M = L || P || t || n || r || i, z = n ? (F) => n(F, { ...w.userNode }) : void 0, A = r ? (F) => r(F, { ...w.userNode }) : void 0, H = i ? (F) => i(F, { ...w.userNode }) : void 0, Y = o ? (F) => o(F, { ...w.userNode }) : void 0, B = s ? (F) => s(F, { ...w.userNode }) : void 0, Z = (F) => {
    const { selectNodesOnDrag: W, nodeDragThreshold: J } = $.getState();
    L && (!W || !P || J > 0) && _u({
      id: e,
      store: $,
      nodeRef: x
    }), t && t(F, { ...w.userNode });
  }, ee = (F) => {
    if (!(i0(F.nativeEvent) || h)) {
      if (Um.includes(F.key) && L) {
        const W = F.key === "Escape";
        _u({
          id: e,
          store: $,
          unselect: W,
          nodeRef: x
        });
      } else if (P && m.selected && Object.prototype.hasOwnProperty.call(zs, F.key)) {
        F.preventDefault();
        const { ariaLabelConfig: W } = $.getState();
        $.setState({
          ariaLiveMessage: W["node.a11yDescription.ariaLiveMessage"]({
            direction: F.key.replace("Arrow", "").toLowerCase(),
            x: ~~w.positionAbsolute.x,
            y: ~~w.positionAbsolute.y
          })
        }), b({
          direction: zs[F.key],
          factor: F.shiftKey ? 4 : 1
        });
      }
    }
  }, X = () => {
    var te;
    if (h || !((te = x.current) != null && te.matches(":focus-visible")))
      return;
    const { transform: F, width: W, height: J, autoPanOnNodeFocus: q, setCenter: G } = $.getState();
    if (!q)
      return;
    Lc(/* @__PURE__ */ new Map([[e, m]]), { x: 0, y: 0, width: W, height: J }, F, !0).length > 0 || G(m.position.x + O.width / 2, m.position.y + O.height / 2, {
      zoom: F[2]
    });
  };
  return _.jsx("div", { className: Se([
    "react-flow__node",
    `react-flow__node-${k}`,
    {
      // this is overwritable by passing `nopan` as a class name
      [p]: P
    },
    m.className,
    {
      selected: m.selected,
      selectable: L,
      parent: S,
      draggable: P,
      dragging: C
    }
  ]), ref: x, style: {
    zIndex: w.z,
    transform: `translate(${w.positionAbsolute.x}px,${w.positionAbsolute.y}px)`,
    pointerEvents: M ? "all" : "none",
    visibility: T ? "visible" : "hidden",
    ...m.style,
    ...I
  }, "data-id": e, "data-testid": `rf__node-${e}`, onMouseEnter: z, onMouseMove: A, onMouseLeave: H, onContextMenu: Y, onClick: Z, onDoubleClick: B, onKeyDown: D ? ee : void 0, tabIndex: D ? 0 : void 0, onFocus: D ? X : void 0, role: m.ariaRole ?? (D ? "group" : void 0), "aria-roledescription": "node", "aria-describedby": h ? void 0 : `${M0}-${v}`, "aria-label": m.ariaLabel, ...m.domAttributes, children: _.jsx(rN, { value: e, children: _.jsx(N, { id: e, data: m.data, type: k, positionAbsoluteX: w.positionAbsolute.x, positionAbsoluteY: w.positionAbsolute.y, selected: m.selected ?? !1, selectable: L, draggable: P, deletable: m.deletable ?? !0, isConnectable: R, sourcePosition: m.sourcePosition, targetPosition: m.targetPosition, dragging: C, dragHandle: m.dragHandle, zIndex: w.z, parentId: m.parentId, ...O }) }) });
}
var NN = j.memo(kN);
const CN = (e) => ({
  nodesConnectable: e.nodesConnectable,
  nodesFocusable: e.nodesFocusable,
  elementsSelectable: e.elementsSelectable,
  onError: e.onError
});
function F0(e) {
  const { nodesConnectable: t, nodesFocusable: n, elementsSelectable: r, onError: i } = se(CN, ye), o = xN(e.onlyRenderVisibleElements), s = _N();
  return _.jsx("div", { className: "react-flow__nodes", style: gl, children: o.map((l) => (
    /*
     * The split of responsibilities between NodeRenderer and
     * NodeComponentWrapper may appear weird. However, it’s designed to
     * minimize the cost of updates when individual nodes change.
     *
     * For example, when you’re dragging a single node, that node gets
     * updated multiple times per second. If `NodeRenderer` were to update
     * every time, it would have to re-run the `nodes.map()` loop every
     * time. This gets pricey with hundreds of nodes, especially if every
     * loop cycle does more than just rendering a JSX element!
     *
     * As a result of this choice, we took the following implementation
     * decisions:
     * - NodeRenderer subscribes *only* to node IDs – and therefore
     *   rerender *only* when visible nodes are added or removed.
     * - NodeRenderer performs all operations the result of which can be
     *   shared between nodes (such as creating the `ResizeObserver`
     *   instance, or subscribing to `selector`). This means extra prop
     *   drilling into `NodeComponentWrapper`, but it means we need to run
     *   these operations only once – instead of once per node.
     * - Any operations that you’d normally write inside `nodes.map` are
     *   moved into `NodeComponentWrapper`. This ensures they are
     *   memorized – so if `NodeRenderer` *has* to rerender, it only
     *   needs to regenerate the list of nodes, nothing else.
     */
    _.jsx(NN, { id: l, nodeTypes: e.nodeTypes, nodeExtent: e.nodeExtent, onClick: e.onNodeClick, onMouseEnter: e.onNodeMouseEnter, onMouseMove: e.onNodeMouseMove, onMouseLeave: e.onNodeMouseLeave, onContextMenu: e.onNodeContextMenu, onDoubleClick: e.onNodeDoubleClick, noDragClassName: e.noDragClassName, noPanClassName: e.noPanClassName, rfId: e.rfId, disableKeyboardA11y: e.disableKeyboardA11y, resizeObserver: s, nodesDraggable: e.nodesDraggable ?? !0, nodesConnectable: t, nodesFocusable: n, elementsSelectable: r, nodeClickDistance: e.nodeClickDistance, onError: i }, l)
  )) });
}
F0.displayName = "NodeRenderer";
const MN = j.memo(F0);
function IN(e) {
  return se(j.useCallback((n) => {
    if (!e)
      return n.edges.map((i) => i.id);
    const r = [];
    if (n.width && n.height)
      for (const i of n.edges) {
        const o = n.nodeLookup.get(i.source), s = n.nodeLookup.get(i.target);
        o && s && ak({
          sourceNode: o,
          targetNode: s,
          width: n.width,
          height: n.height,
          transform: n.transform
        }) && r.push(i.id);
      }
    return r;
  }, [e]), ye);
}
const PN = ({ color: e = "none", strokeWidth: t = 1 }) => {
  const n = {
    strokeWidth: t,
    ...e && { stroke: e }
  };
  return _.jsx("polyline", { className: "arrow", style: n, strokeLinecap: "round", fill: "none", strokeLinejoin: "round", points: "-5,-4 0,0 -5,4" });
}, $N = ({ color: e = "none", strokeWidth: t = 1 }) => {
  const n = {
    strokeWidth: t,
    ...e && { stroke: e, fill: e }
  };
  return _.jsx("polyline", { className: "arrowclosed", style: n, strokeLinecap: "round", strokeLinejoin: "round", points: "-5,-4 0,0 -5,4 -5,-4" });
}, ch = {
  [Ts.Arrow]: PN,
  [Ts.ArrowClosed]: $N
};
function TN(e) {
  const t = de();
  return j.useMemo(() => {
    var i, o;
    return Object.prototype.hasOwnProperty.call(ch, e) ? ch[e] : ((o = (i = t.getState()).onError) == null || o.call(i, "009", Et.error009(e)), null);
  }, [e]);
}
const bN = ({ id: e, type: t, color: n, width: r = 12.5, height: i = 12.5, markerUnits: o = "strokeWidth", strokeWidth: s, orient: l = "auto-start-reverse" }) => {
  const a = TN(t);
  return a ? _.jsx("marker", { className: "react-flow__arrowhead", id: e, markerWidth: `${r}`, markerHeight: `${i}`, viewBox: "-10 -10 20 20", markerUnits: o, orient: l, refX: "0", refY: "0", children: _.jsx(a, { color: n, strokeWidth: s }) }) : null;
}, H0 = ({ defaultColor: e, rfId: t }) => {
  const n = se((o) => o.edges), r = se((o) => o.defaultEdgeOptions), i = j.useMemo(() => yk(n, {
    id: t,
    defaultColor: e,
    defaultMarkerStart: r == null ? void 0 : r.markerStart,
    defaultMarkerEnd: r == null ? void 0 : r.markerEnd
  }), [n, r, t, e]);
  return i.length ? _.jsx("svg", { className: "react-flow__marker", "aria-hidden": "true", children: _.jsx("defs", { children: i.map((o) => _.jsx(bN, { id: o.id, type: o.type, color: o.color, width: o.width, height: o.height, markerUnits: o.markerUnits, strokeWidth: o.strokeWidth, orient: o.orient }, o.id)) }) }) : null;
};
H0.displayName = "MarkerDefinitions";
var LN = j.memo(H0);
function V0({ x: e, y: t, label: n, labelStyle: r, labelShowBg: i = !0, labelBgStyle: o, labelBgPadding: s = [2, 4], labelBgBorderRadius: l = 2, children: a, className: u, ...c }) {
  const [d, f] = j.useState({ x: 1, y: 0, width: 0, height: 0 }), p = Se(["react-flow__edge-textwrapper", u]), h = j.useRef(null);
  return j.useEffect(() => {
    if (h.current) {
      const v = h.current.getBBox();
      f({
        x: v.x,
        y: v.y,
        width: v.width,
        height: v.height
      });
    }
  }, [n]), n ? _.jsxs("g", { transform: `translate(${e - d.width / 2} ${t - d.height / 2})`, className: p, visibility: d.width ? "visible" : "hidden", ...c, children: [i && _.jsx("rect", { width: d.width + 2 * s[0], x: -s[0], y: -s[1], height: d.height + 2 * s[1], className: "react-flow__edge-textbg", style: o, rx: l, ry: l }), _.jsx("text", { className: "react-flow__edge-text", y: d.height / 2, dy: "0.3em", ref: h, style: r, children: n }), a] }) : null;
}
V0.displayName = "EdgeText";
const zN = j.memo(V0);
function ml({ path: e, labelX: t, labelY: n, label: r, labelStyle: i, labelShowBg: o, labelBgStyle: s, labelBgPadding: l, labelBgBorderRadius: a, interactionWidth: u = 20, ...c }) {
  return _.jsxs(_.Fragment, { children: [_.jsx("path", { ...c, d: e, fill: "none", className: Se(["react-flow__edge-path", c.className]) }), u ? _.jsx("path", { d: e, fill: "none", strokeOpacity: 0, strokeWidth: u, className: "react-flow__edge-interaction" }) : null, r && mt(t) && mt(n) ? _.jsx(zN, { x: t, y: n, label: r, labelStyle: i, labelShowBg: o, labelBgStyle: s, labelBgPadding: l, labelBgBorderRadius: a }) : null] });
}
function fh({ pos: e, x1: t, y1: n, x2: r, y2: i }) {
  return e === Q.Left || e === Q.Right ? [0.5 * (t + r), n] : [t, 0.5 * (n + i)];
}
function B0({ sourceX: e, sourceY: t, sourcePosition: n = Q.Bottom, targetX: r, targetY: i, targetPosition: o = Q.Top }) {
  const [s, l] = fh({
    pos: n,
    x1: e,
    y1: t,
    x2: r,
    y2: i
  }), [a, u] = fh({
    pos: o,
    x1: r,
    y1: i,
    x2: e,
    y2: t
  }), [c, d, f, p] = s0({
    sourceX: e,
    sourceY: t,
    targetX: r,
    targetY: i,
    sourceControlX: s,
    sourceControlY: l,
    targetControlX: a,
    targetControlY: u
  });
  return [
    `M${e},${t} C${s},${l} ${a},${u} ${r},${i}`,
    c,
    d,
    f,
    p
  ];
}
function W0(e) {
  return j.memo(({ id: t, sourceX: n, sourceY: r, targetX: i, targetY: o, sourcePosition: s, targetPosition: l, label: a, labelStyle: u, labelShowBg: c, labelBgStyle: d, labelBgPadding: f, labelBgBorderRadius: p, style: h, markerEnd: v, markerStart: E, interactionWidth: g }) => {
    const [y, m, w] = B0({
      sourceX: n,
      sourceY: r,
      sourcePosition: s,
      targetX: i,
      targetY: o,
      targetPosition: l
    }), S = e.isInternal ? void 0 : t;
    return _.jsx(ml, { id: S, path: y, labelX: m, labelY: w, label: a, labelStyle: u, labelShowBg: c, labelBgStyle: d, labelBgPadding: f, labelBgBorderRadius: p, style: h, markerEnd: v, markerStart: E, interactionWidth: g });
  });
}
const ON = W0({ isInternal: !1 }), U0 = W0({ isInternal: !0 });
ON.displayName = "SimpleBezierEdge";
U0.displayName = "SimpleBezierEdgeInternal";
function Y0(e) {
  return j.memo(({ id: t, sourceX: n, sourceY: r, targetX: i, targetY: o, label: s, labelStyle: l, labelShowBg: a, labelBgStyle: u, labelBgPadding: c, labelBgBorderRadius: d, style: f, sourcePosition: p = Q.Bottom, targetPosition: h = Q.Top, markerEnd: v, markerStart: E, pathOptions: g, interactionWidth: y }) => {
    const [m, w, S] = yu({
      sourceX: n,
      sourceY: r,
      sourcePosition: p,
      targetX: i,
      targetY: o,
      targetPosition: h,
      borderRadius: g == null ? void 0 : g.borderRadius,
      offset: g == null ? void 0 : g.offset,
      stepPosition: g == null ? void 0 : g.stepPosition
    }), k = e.isInternal ? void 0 : t;
    return _.jsx(ml, { id: k, path: m, labelX: w, labelY: S, label: s, labelStyle: l, labelShowBg: a, labelBgStyle: u, labelBgPadding: c, labelBgBorderRadius: d, style: f, markerEnd: v, markerStart: E, interactionWidth: y });
  });
}
const X0 = Y0({ isInternal: !1 }), G0 = Y0({ isInternal: !0 });
X0.displayName = "SmoothStepEdge";
G0.displayName = "SmoothStepEdgeInternal";
function Q0(e) {
  return j.memo(({ id: t, ...n }) => {
    var i;
    const r = e.isInternal ? void 0 : t;
    return _.jsx(X0, { ...n, id: r, pathOptions: j.useMemo(() => {
      var o;
      return { borderRadius: 0, offset: (o = n.pathOptions) == null ? void 0 : o.offset };
    }, [(i = n.pathOptions) == null ? void 0 : i.offset]) });
  });
}
const jN = Q0({ isInternal: !1 }), K0 = Q0({ isInternal: !0 });
jN.displayName = "StepEdge";
K0.displayName = "StepEdgeInternal";
function Z0(e) {
  return j.memo(({ id: t, sourceX: n, sourceY: r, targetX: i, targetY: o, label: s, labelStyle: l, labelShowBg: a, labelBgStyle: u, labelBgPadding: c, labelBgBorderRadius: d, style: f, markerEnd: p, markerStart: h, interactionWidth: v }) => {
    const [E, g, y] = u0({ sourceX: n, sourceY: r, targetX: i, targetY: o }), m = e.isInternal ? void 0 : t;
    return _.jsx(ml, { id: m, path: E, labelX: g, labelY: y, label: s, labelStyle: l, labelShowBg: a, labelBgStyle: u, labelBgPadding: c, labelBgBorderRadius: d, style: f, markerEnd: p, markerStart: h, interactionWidth: v });
  });
}
const RN = Z0({ isInternal: !1 }), q0 = Z0({ isInternal: !0 });
RN.displayName = "StraightEdge";
q0.displayName = "StraightEdgeInternal";
function J0(e) {
  return j.memo(({ id: t, sourceX: n, sourceY: r, targetX: i, targetY: o, sourcePosition: s = Q.Bottom, targetPosition: l = Q.Top, label: a, labelStyle: u, labelShowBg: c, labelBgStyle: d, labelBgPadding: f, labelBgBorderRadius: p, style: h, markerEnd: v, markerStart: E, pathOptions: g, interactionWidth: y }) => {
    const [m, w, S] = l0({
      sourceX: n,
      sourceY: r,
      sourcePosition: s,
      targetX: i,
      targetY: o,
      targetPosition: l,
      curvature: g == null ? void 0 : g.curvature
    }), k = e.isInternal ? void 0 : t;
    return _.jsx(ml, { id: k, path: m, labelX: w, labelY: S, label: a, labelStyle: u, labelShowBg: c, labelBgStyle: d, labelBgPadding: f, labelBgBorderRadius: p, style: h, markerEnd: v, markerStart: E, interactionWidth: y });
  });
}
const DN = J0({ isInternal: !1 }), ey = J0({ isInternal: !0 });
DN.displayName = "BezierEdge";
ey.displayName = "BezierEdgeInternal";
const dh = {
  default: ey,
  straight: q0,
  step: K0,
  smoothstep: G0,
  simplebezier: U0
}, hh = {
  sourceX: null,
  sourceY: null,
  targetX: null,
  targetY: null,
  sourcePosition: null,
  targetPosition: null,
  zIndex: void 0
}, AN = (e, t, n) => n === Q.Left ? e - t : n === Q.Right ? e + t : e, FN = (e, t, n) => n === Q.Top ? e - t : n === Q.Bottom ? e + t : e, ph = "react-flow__edgeupdater";
function gh({ position: e, centerX: t, centerY: n, radius: r = 10, onMouseDown: i, onMouseEnter: o, onMouseOut: s, type: l }) {
  return _.jsx("circle", { onMouseDown: i, onMouseEnter: o, onMouseOut: s, className: Se([ph, `${ph}-${l}`]), cx: AN(t, r, e), cy: FN(n, r, e), r, stroke: "transparent", fill: "transparent" });
}
function HN({ isReconnectable: e, reconnectRadius: t, edge: n, sourceX: r, sourceY: i, targetX: o, targetY: s, sourcePosition: l, targetPosition: a, onReconnect: u, onReconnectStart: c, onReconnectEnd: d, setReconnecting: f, setUpdateHover: p }) {
  const h = de(), v = (w, S) => {
    if (w.button !== 0)
      return;
    const { autoPanOnConnect: k, domNode: N, connectionMode: P, connectionRadius: L, lib: R, onConnectStart: D, cancelConnection: $, nodeLookup: T, rfId: x, panBy: C, updateConnection: b } = h.getState(), O = S.type === "target", I = (A, H) => {
      f(!1), d == null || d(A, n, S.type, H);
    }, M = (A) => u == null ? void 0 : u(n, A), z = (A, H) => {
      f(!0), c == null || c(w, n, S.type), D == null || D(A, H);
    };
    xu.onPointerDown(w.nativeEvent, {
      autoPanOnConnect: k,
      connectionMode: P,
      connectionRadius: L,
      domNode: N,
      handleId: S.id,
      nodeId: S.nodeId,
      nodeLookup: T,
      isTarget: O,
      edgeUpdaterType: S.type,
      lib: R,
      flowId: x,
      cancelConnection: $,
      panBy: C,
      isValidConnection: (...A) => {
        var H, Y;
        return ((Y = (H = h.getState()).isValidConnection) == null ? void 0 : Y.call(H, ...A)) ?? !0;
      },
      onConnect: M,
      onConnectStart: z,
      onConnectEnd: (...A) => {
        var H, Y;
        return (Y = (H = h.getState()).onConnectEnd) == null ? void 0 : Y.call(H, ...A);
      },
      onReconnectEnd: I,
      updateConnection: b,
      getTransform: () => h.getState().transform,
      getFromHandle: () => h.getState().connection.fromHandle,
      dragThreshold: h.getState().connectionDragThreshold,
      handleDomNode: w.currentTarget
    });
  }, E = (w) => v(w, { nodeId: n.target, id: n.targetHandle ?? null, type: "target" }), g = (w) => v(w, { nodeId: n.source, id: n.sourceHandle ?? null, type: "source" }), y = () => p(!0), m = () => p(!1);
  return _.jsxs(_.Fragment, { children: [(e === !0 || e === "source") && _.jsx(gh, { position: l, centerX: r, centerY: i, radius: t, onMouseDown: E, onMouseEnter: y, onMouseOut: m, type: "source" }), (e === !0 || e === "target") && _.jsx(gh, { position: a, centerX: o, centerY: s, radius: t, onMouseDown: g, onMouseEnter: y, onMouseOut: m, type: "target" })] });
}
function VN({ id: e, edgesFocusable: t, edgesReconnectable: n, elementsSelectable: r, onClick: i, onDoubleClick: o, onContextMenu: s, onMouseEnter: l, onMouseMove: a, onMouseLeave: u, reconnectRadius: c, onReconnect: d, onReconnectStart: f, onReconnectEnd: p, rfId: h, edgeTypes: v, noPanClassName: E, onError: g, disableKeyboardA11y: y }) {
  let m = se((G) => G.edgeLookup.get(e));
  const w = se((G) => G.defaultEdgeOptions);
  m = w ? { ...w, ...m } : m;
  let S = m.type || "default", k = (v == null ? void 0 : v[S]) || dh[S];
  k === void 0 && (g == null || g("011", Et.error011(S)), S = "default", k = (v == null ? void 0 : v.default) || dh.default);
  const N = !!(m.focusable || t && typeof m.focusable > "u"), P = typeof d < "u" && (m.reconnectable || n && typeof m.reconnectable > "u"), L = !!(m.selectable || r && typeof m.selectable > "u"), R = j.useRef(null), [D, $] = j.useState(!1), [T, x] = j.useState(!1), C = de(), { zIndex: b = m.zIndex, sourceX: O, sourceY: I, targetX: M, targetY: z, sourcePosition: A, targetPosition: H } = se(j.useCallback((G) => {
    const K = G.nodeLookup.get(m.source), te = G.nodeLookup.get(m.target);
    if (!K || !te)
      return hh;
    const ne = mk({
      id: e,
      sourceNode: K,
      targetNode: te,
      sourceHandle: m.sourceHandle || null,
      targetHandle: m.targetHandle || null,
      connectionMode: G.connectionMode,
      onError: g
    }), ie = lk({
      selected: m.selected,
      zIndex: m.zIndex,
      sourceNode: K,
      targetNode: te,
      elevateOnSelect: G.elevateEdgesOnSelect,
      zIndexMode: G.zIndexMode
    });
    return {
      ...ne || hh,
      zIndex: ie
    };
  }, [m.source, m.target, m.sourceHandle, m.targetHandle, m.selected, m.zIndex, g]), ye), Y = j.useMemo(() => m.markerStart ? `url('#${vu(m.markerStart, h)}')` : void 0, [m.markerStart, h]), B = j.useMemo(() => m.markerEnd ? `url('#${vu(m.markerEnd, h)}')` : void 0, [m.markerEnd, h]);
  if (m.hidden || O === null || I === null || M === null || z === null)
    return null;
  const Z = (G) => {
    var ie;
    const { addSelectedEdges: K, unselectNodesAndEdges: te, multiSelectionActive: ne } = C.getState();
    L && (C.setState({ nodesSelectionActive: !1 }), m.selected && ne ? (te({ nodes: [], edges: [m] }), (ie = R.current) == null || ie.blur()) : K([e])), i && i(G, m);
  }, ee = o ? (G) => {
    o(G, { ...m });
  } : void 0, X = s ? (G) => {
    s(G, { ...m });
  } : void 0, F = l ? (G) => {
    l(G, { ...m });
  } : void 0, W = a ? (G) => {
    a(G, { ...m });
  } : void 0, J = u ? (G) => {
    u(G, { ...m });
  } : void 0, q = (G) => {
    var K;
    if (!y && Um.includes(G.key) && L) {
      const { unselectNodesAndEdges: te, addSelectedEdges: ne } = C.getState();
      G.key === "Escape" ? ((K = R.current) == null || K.blur(), te({ edges: [m] })) : ne([e]);
    }
  };
  return _.jsx("svg", { style: { zIndex: b }, children: _.jsxs("g", { className: Se([
    "react-flow__edge",
    `react-flow__edge-${S}`,
    m.className,
    E,
    {
      selected: m.selected,
      animated: m.animated,
      inactive: !L && !i,
      updating: D,
      selectable: L
    }
  ]), onClick: Z, onDoubleClick: ee, onContextMenu: X, onMouseEnter: F, onMouseMove: W, onMouseLeave: J, onKeyDown: N ? q : void 0, tabIndex: N ? 0 : void 0, role: m.ariaRole ?? (N ? "group" : "img"), "aria-roledescription": "edge", "data-id": e, "data-testid": `rf__edge-${e}`, "aria-label": m.ariaLabel === null ? void 0 : m.ariaLabel || `Edge from ${m.source} to ${m.target}`, "aria-describedby": N ? `${I0}-${h}` : void 0, ref: R, ...m.domAttributes, children: [!T && _.jsx(k, { id: e, source: m.source, target: m.target, type: m.type, selected: m.selected, animated: m.animated, selectable: L, deletable: m.deletable ?? !0, label: m.label, labelStyle: m.labelStyle, labelShowBg: m.labelShowBg, labelBgStyle: m.labelBgStyle, labelBgPadding: m.labelBgPadding, labelBgBorderRadius: m.labelBgBorderRadius, sourceX: O, sourceY: I, targetX: M, targetY: z, sourcePosition: A, targetPosition: H, data: m.data, style: m.style, sourceHandleId: m.sourceHandle, targetHandleId: m.targetHandle, markerStart: Y, markerEnd: B, pathOptions: "pathOptions" in m ? m.pathOptions : void 0, interactionWidth: m.interactionWidth }), P && _.jsx(HN, { edge: m, isReconnectable: P, reconnectRadius: c, onReconnect: d, onReconnectStart: f, onReconnectEnd: p, sourceX: O, sourceY: I, targetX: M, targetY: z, sourcePosition: A, targetPosition: H, setUpdateHover: $, setReconnecting: x })] }) });
}
var BN = j.memo(VN);
const WN = (e) => ({
  edgesFocusable: e.edgesFocusable,
  edgesReconnectable: e.edgesReconnectable,
  elementsSelectable: e.elementsSelectable,
  connectionMode: e.connectionMode,
  onError: e.onError
});
function ty({ defaultMarkerColor: e, onlyRenderVisibleElements: t, rfId: n, edgeTypes: r, noPanClassName: i, onReconnect: o, onEdgeContextMenu: s, onEdgeMouseEnter: l, onEdgeMouseMove: a, onEdgeMouseLeave: u, onEdgeClick: c, reconnectRadius: d, onEdgeDoubleClick: f, onReconnectStart: p, onReconnectEnd: h, disableKeyboardA11y: v }) {
  const { edgesFocusable: E, edgesReconnectable: g, elementsSelectable: y, onError: m } = se(WN, ye), w = IN(t);
  return _.jsxs("div", { className: "react-flow__edges", children: [_.jsx(LN, { defaultColor: e, rfId: n }), w.map((S) => _.jsx(BN, { id: S, edgesFocusable: E, edgesReconnectable: g, elementsSelectable: y, noPanClassName: i, onReconnect: o, onContextMenu: s, onMouseEnter: l, onMouseMove: a, onMouseLeave: u, onClick: c, reconnectRadius: d, onDoubleClick: f, onReconnectStart: p, onReconnectEnd: h, rfId: n, onError: m, edgeTypes: r, disableKeyboardA11y: v }, S))] });
}
ty.displayName = "EdgeRenderer";
const UN = j.memo(ty), mh = (e) => `translate(${e[0]}px,${e[1]}px) scale(${e[2]})`;
function YN({ children: e }) {
  const t = de(), n = j.useRef(null), [r] = j.useState(() => t.getState().transform);
  return L0(() => {
    let i = null;
    const o = () => {
      const s = t.getState().transform;
      i && s[0] === i[0] && s[1] === i[1] && s[2] === i[2] || (i = s, n.current && (n.current.style.transform = mh(s)));
    };
    return o(), t.subscribe(o);
  }, [t]), _.jsx("div", { ref: n, className: "react-flow__viewport xyflow__viewport react-flow__container", style: { transform: mh(r) }, children: e });
}
function XN(e) {
  const t = pl(), n = j.useRef(!1);
  j.useEffect(() => {
    !n.current && t.viewportInitialized && e && (setTimeout(() => e(t), 1), n.current = !0);
  }, [e, t.viewportInitialized]);
}
const GN = (e) => {
  var t;
  return (t = e.panZoom) == null ? void 0 : t.syncViewport;
};
function QN(e) {
  const t = se(GN), n = de();
  return j.useEffect(() => {
    e && (t == null || t(e), n.setState({ transform: [e.x, e.y, e.zoom] }));
  }, [e, t]), null;
}
function KN(e) {
  return e.connection.inProgress ? { ...e.connection, to: so(e.connection.to, e.transform) } : { ...e.connection };
}
function ZN(e) {
  return KN;
}
function qN(e) {
  const t = ZN();
  return se(t, ye);
}
const JN = (e) => ({
  nodesConnectable: e.nodesConnectable,
  isValid: e.connection.isValid,
  inProgress: e.connection.inProgress,
  width: e.width,
  height: e.height
});
function eC({ containerStyle: e, style: t, type: n, component: r }) {
  const { nodesConnectable: i, width: o, height: s, isValid: l, inProgress: a } = se(JN, ye);
  return !(o && i && a) ? null : _.jsx("svg", { style: e, width: o, height: s, className: "react-flow__connectionline react-flow__container", children: _.jsx("g", { className: Se(["react-flow__connection", n0(l)]), children: _.jsx(ny, { style: t, type: n, CustomComponent: r, isValid: l }) }) });
}
const ny = ({ style: e, type: t = un.Bezier, CustomComponent: n, isValid: r }) => {
  const { inProgress: i, from: o, fromNode: s, fromHandle: l, fromPosition: a, to: u, toNode: c, toHandle: d, toPosition: f, pointer: p } = qN();
  if (!i)
    return;
  if (n)
    return _.jsx(n, { connectionLineType: t, connectionLineStyle: e, fromNode: s, fromHandle: l, fromX: o.x, fromY: o.y, toX: u.x, toY: u.y, fromPosition: a, toPosition: f, connectionStatus: n0(r), toNode: c, toHandle: d, pointer: p });
  let h = "";
  const v = {
    sourceX: o.x,
    sourceY: o.y,
    sourcePosition: a,
    targetX: u.x,
    targetY: u.y,
    targetPosition: f
  };
  switch (t) {
    case un.Bezier:
      [h] = l0(v);
      break;
    case un.SimpleBezier:
      [h] = B0(v);
      break;
    case un.Step:
      [h] = yu({
        ...v,
        borderRadius: 0
      });
      break;
    case un.SmoothStep:
      [h] = yu(v);
      break;
    default:
      [h] = u0(v);
  }
  return _.jsx("path", { d: h, fill: "none", className: "react-flow__connection-path", style: e });
};
ny.displayName = "ConnectionLine";
const tC = {};
function yh(e = tC) {
  j.useRef(e), de(), j.useEffect(() => {
  }, [e]);
}
function nC() {
  de(), j.useRef(!1), j.useEffect(() => {
  }, []);
}
function ry({ nodeTypes: e, edgeTypes: t, onInit: n, onNodeClick: r, onEdgeClick: i, onNodeDoubleClick: o, onEdgeDoubleClick: s, onNodeMouseEnter: l, onNodeMouseMove: a, onNodeMouseLeave: u, onNodeContextMenu: c, onSelectionContextMenu: d, onSelectionStart: f, onSelectionEnd: p, connectionLineType: h, connectionLineStyle: v, connectionLineComponent: E, connectionLineContainerStyle: g, selectionKeyCode: y, selectionOnDrag: m, selectionMode: w, multiSelectionKeyCode: S, panActivationKeyCode: k, zoomActivationKeyCode: N, deleteKeyCode: P, onlyRenderVisibleElements: L, elementsSelectable: R, defaultViewport: D, translateExtent: $, minZoom: T, maxZoom: x, preventScrolling: C, defaultMarkerColor: b, zoomOnScroll: O, zoomOnPinch: I, panOnScroll: M, panOnScrollSpeed: z, panOnScrollMode: A, zoomOnDoubleClick: H, panOnDrag: Y, autoPanOnSelection: B, onPaneClick: Z, onPaneMouseEnter: ee, onPaneMouseMove: X, onPaneMouseLeave: F, onPaneScroll: W, onPaneContextMenu: J, paneClickDistance: q, nodeClickDistance: G, onEdgeContextMenu: K, onEdgeMouseEnter: te, onEdgeMouseMove: ne, onEdgeMouseLeave: ie, reconnectRadius: ae, onReconnect: et, onReconnectStart: Nt, onReconnectEnd: Ct, noDragClassName: jt, noWheelClassName: Qr, noPanClassName: Mn, disableKeyboardA11y: In, nodeExtent: ut, rfId: Rt, viewport: Dt, onViewportChange: Pn, nodesDraggable: xl }) {
  return yh(e), yh(t), nC(), XN(n), QN(Dt), _.jsx(vN, { onPaneClick: Z, onPaneMouseEnter: ee, onPaneMouseMove: X, onPaneMouseLeave: F, onPaneContextMenu: J, onPaneScroll: W, paneClickDistance: q, deleteKeyCode: P, selectionKeyCode: y, selectionOnDrag: m, selectionMode: w, onSelectionStart: f, onSelectionEnd: p, multiSelectionKeyCode: S, panActivationKeyCode: k, zoomActivationKeyCode: N, elementsSelectable: R, zoomOnScroll: O, zoomOnPinch: I, zoomOnDoubleClick: H, panOnScroll: M, panOnScrollSpeed: z, panOnScrollMode: A, panOnDrag: Y, autoPanOnSelection: B, defaultViewport: D, translateExtent: $, minZoom: T, maxZoom: x, onSelectionContextMenu: d, preventScrolling: C, noDragClassName: jt, noWheelClassName: Qr, noPanClassName: Mn, disableKeyboardA11y: In, onViewportChange: Pn, isControlledViewport: !!Dt, children: _.jsxs(YN, { children: [_.jsx(UN, { edgeTypes: t, onEdgeClick: i, onEdgeDoubleClick: s, onReconnect: et, onReconnectStart: Nt, onReconnectEnd: Ct, onlyRenderVisibleElements: L, onEdgeContextMenu: K, onEdgeMouseEnter: te, onEdgeMouseMove: ne, onEdgeMouseLeave: ie, reconnectRadius: ae, defaultMarkerColor: b, noPanClassName: Mn, disableKeyboardA11y: In, rfId: Rt }), _.jsx(eC, { style: v, type: h, component: E, containerStyle: g }), _.jsx("div", { className: "react-flow__edgelabel-renderer" }), _.jsx(MN, { nodeTypes: e, onNodeClick: r, onNodeDoubleClick: o, onNodeMouseEnter: l, onNodeMouseMove: a, onNodeMouseLeave: u, onNodeContextMenu: c, nodeClickDistance: G, onlyRenderVisibleElements: L, noPanClassName: Mn, noDragClassName: jt, disableKeyboardA11y: In, nodeExtent: ut, rfId: Rt, nodesDraggable: xl }), _.jsx("div", { className: "react-flow__viewport-portal" })] }) });
}
ry.displayName = "GraphView";
const rC = j.memo(ry), iC = Jm(), vh = ({ nodes: e, edges: t, defaultNodes: n, defaultEdges: r, width: i, height: o, fitView: s, fitViewOptions: l, minZoom: a = 0.5, maxZoom: u = 2, nodeOrigin: c, nodeExtent: d, zIndexMode: f = "basic" } = {}) => {
  const p = /* @__PURE__ */ new Map(), h = /* @__PURE__ */ new Map(), v = /* @__PURE__ */ new Map(), E = /* @__PURE__ */ new Map(), g = r ?? t ?? [], y = n ?? e ?? [], m = c ?? [0, 0], w = d ?? Ui;
  d0(v, E, g);
  const { nodesInitialized: S } = wu(y, p, h, {
    nodeOrigin: m,
    nodeExtent: w,
    zIndexMode: f
  });
  let k = [0, 0, 1];
  if (s && i && o) {
    const N = io(p, {
      filter: (D) => !!((D.width || D.initialWidth) && (D.height || D.initialHeight))
    }), { x: P, y: L, zoom: R } = Oc(N, i, o, a, u, (l == null ? void 0 : l.padding) ?? 0.1);
    k = [P, L, R];
  }
  return {
    rfId: "1",
    width: i ?? 0,
    height: o ?? 0,
    transform: k,
    nodes: y,
    nodesInitialized: S,
    nodeLookup: p,
    parentLookup: h,
    edges: g,
    edgeLookup: E,
    connectionLookup: v,
    onNodesChange: null,
    onEdgesChange: null,
    hasDefaultNodes: n !== void 0,
    hasDefaultEdges: r !== void 0,
    panZoom: null,
    minZoom: a,
    maxZoom: u,
    translateExtent: Ui,
    nodeExtent: w,
    nodesSelectionActive: !1,
    userSelectionActive: !1,
    userSelectionRect: null,
    connectionMode: Ar.Strict,
    domNode: null,
    paneDragging: !1,
    noPanClassName: "nopan",
    nodeOrigin: m,
    nodeDragThreshold: 1,
    connectionDragThreshold: 1,
    snapGrid: [15, 15],
    snapToGrid: !1,
    nodesDraggable: !0,
    nodesConnectable: !0,
    nodesFocusable: !0,
    edgesFocusable: !0,
    edgesReconnectable: !0,
    elementsSelectable: !0,
    elevateNodesOnSelect: !0,
    elevateEdgesOnSelect: !0,
    selectNodesOnDrag: !0,
    multiSelectionActive: !1,
    fitViewQueued: s ?? !1,
    fitViewOptions: l,
    fitViewResolver: null,
    connection: { ...Xm },
    connectionClickStartHandle: null,
    connectOnClick: !0,
    ariaLiveMessage: "",
    autoPanOnConnect: !0,
    autoPanOnNodeDrag: !0,
    autoPanOnNodeFocus: !0,
    autoPanSpeed: 15,
    connectionRadius: 20,
    onError: iC,
    isValidConnection: void 0,
    onSelectionChangeHandlers: [],
    lib: "react",
    debug: !1,
    ariaLabelConfig: Ym,
    zIndexMode: f,
    defaultEdgeOptions: void 0,
    onNodesChangeMiddlewareMap: /* @__PURE__ */ new Map(),
    onEdgesChangeMiddlewareMap: /* @__PURE__ */ new Map(),
    onNodesDelete: void 0,
    onEdgesDelete: void 0,
    onDelete: void 0,
    onBeforeDelete: void 0,
    onViewportChangeStart: void 0,
    onViewportChange: void 0,
    onViewportChangeEnd: void 0,
    onNodeDragStart: void 0,
    onNodeDrag: void 0,
    onNodeDragStop: void 0,
    onSelectionDragStart: void 0,
    onSelectionDrag: void 0,
    onSelectionDragStop: void 0,
    onMoveStart: void 0,
    onMove: void 0,
    onMoveEnd: void 0,
    onConnect: void 0,
    onConnectStart: void 0,
    onConnectEnd: void 0,
    onClickConnectStart: void 0,
    onClickConnectEnd: void 0
  };
}, oC = ({ nodes: e, edges: t, defaultNodes: n, defaultEdges: r, width: i, height: o, fitView: s, fitViewOptions: l, minZoom: a, maxZoom: u, nodeOrigin: c, nodeExtent: d, zIndexMode: f }) => w2((p, h) => {
  async function v() {
    const { nodeLookup: E, panZoom: g, fitViewOptions: y, fitViewResolver: m, width: w, height: S, minZoom: k, maxZoom: N } = h();
    g && (await ek({
      nodes: E,
      width: w,
      height: S,
      panZoom: g,
      minZoom: k,
      maxZoom: N
    }, y), m == null || m.resolve(!0), p({ fitViewResolver: null }));
  }
  return {
    ...vh({
      nodes: e,
      edges: t,
      width: i,
      height: o,
      fitView: s,
      fitViewOptions: l,
      minZoom: a,
      maxZoom: u,
      nodeOrigin: c,
      nodeExtent: d,
      defaultNodes: n,
      defaultEdges: r,
      zIndexMode: f
    }),
    setNodes: (E) => {
      const { nodeLookup: g, parentLookup: y, nodeOrigin: m, nodeExtent: w, elevateNodesOnSelect: S, fitViewQueued: k, zIndexMode: N, nodesSelectionActive: P } = h(), { nodesInitialized: L, hasSelectedNodes: R } = wu(E, g, y, {
        nodeOrigin: m,
        nodeExtent: w,
        elevateNodesOnSelect: S,
        checkEquality: !0,
        zIndexMode: N
      }), D = P && R;
      k && L ? (v(), p({
        nodes: E,
        nodesInitialized: L,
        fitViewQueued: !1,
        fitViewOptions: void 0,
        nodesSelectionActive: D
      })) : p({ nodes: E, nodesInitialized: L, nodesSelectionActive: D });
    },
    setEdges: (E) => {
      const { connectionLookup: g, edgeLookup: y } = h();
      d0(g, y, E), p({ edges: E });
    },
    setDefaultNodesAndEdges: (E, g) => {
      if (E) {
        const { setNodes: y } = h();
        y(E), p({ hasDefaultNodes: !0 });
      }
      if (g) {
        const { setEdges: y } = h();
        y(g), p({ hasDefaultEdges: !0 });
      }
    },
    /*
     * Every node gets registered at a ResizeObserver. Whenever a node
     * changes its dimensions, this function is called to measure the
     * new dimensions and update the nodes.
     */
    updateNodeInternals: (E) => {
      const { triggerNodeChanges: g, nodeLookup: y, parentLookup: m, domNode: w, nodeOrigin: S, nodeExtent: k, debug: N, fitViewQueued: P, zIndexMode: L } = h(), { changes: R, updatedInternals: D } = kk(E, y, m, w, S, k, L);
      D && (xk(y, m, { nodeOrigin: S, nodeExtent: k, zIndexMode: L }), P ? (v(), p({ fitViewQueued: !1, fitViewOptions: void 0 })) : p({}), (R == null ? void 0 : R.length) > 0 && (N && console.log("React Flow: trigger node changes", R), g == null || g(R)));
    },
    updateNodePositions: (E, g = !1) => {
      const y = [];
      let m = [];
      const { nodeLookup: w, triggerNodeChanges: S, connection: k, updateConnection: N, onNodesChangeMiddlewareMap: P } = h();
      for (const [L, R] of E) {
        const D = w.get(L), $ = !!(D != null && D.expandParent && (D != null && D.parentId) && (R != null && R.position)), T = {
          id: L,
          type: "position",
          position: $ ? {
            x: Math.max(0, R.position.x),
            y: Math.max(0, R.position.y)
          } : R.position,
          dragging: g
        };
        if (D && k.inProgress && k.fromNode.id === D.id) {
          const x = Jn(D, k.fromHandle, Q.Left, !0);
          N({ ...k, from: x });
        }
        $ && D.parentId && y.push({
          id: L,
          parentId: D.parentId,
          rect: {
            ...R.internals.positionAbsolute,
            width: R.measured.width ?? 0,
            height: R.measured.height ?? 0
          }
        }), m.push(T);
      }
      if (y.length > 0) {
        const { parentLookup: L, nodeOrigin: R } = h(), D = Hc(y, w, L, R);
        m.push(...D);
      }
      for (const L of P.values())
        m = L(m);
      S(m);
    },
    triggerNodeChanges: (E) => {
      const { onNodesChange: g, setNodes: y, nodes: m, hasDefaultNodes: w, debug: S } = h();
      if (E != null && E.length) {
        if (w) {
          const k = T0(E, m);
          y(k);
        }
        S && console.log("React Flow: trigger node changes", E), g == null || g(E);
      }
    },
    triggerEdgeChanges: (E) => {
      const { onEdgesChange: g, setEdges: y, edges: m, hasDefaultEdges: w, debug: S } = h();
      if (E != null && E.length) {
        if (w) {
          const k = Eu(E, m);
          y(k);
        }
        S && console.log("React Flow: trigger edge changes", E), g == null || g(E);
      }
    },
    addSelectedNodes: (E) => {
      const { multiSelectionActive: g, edgeLookup: y, nodeLookup: m, triggerNodeChanges: w, triggerEdgeChanges: S } = h();
      if (g) {
        const k = E.map((N) => Ln(N, !0));
        w(k);
        return;
      }
      w(yr(m, /* @__PURE__ */ new Set([...E]))), S(yr(y));
    },
    addSelectedEdges: (E) => {
      const { multiSelectionActive: g, edgeLookup: y, nodeLookup: m, triggerNodeChanges: w, triggerEdgeChanges: S } = h();
      if (g) {
        const k = E.map((N) => Ln(N, !0));
        S(k);
        return;
      }
      S(yr(y, /* @__PURE__ */ new Set([...E]))), w(yr(m, /* @__PURE__ */ new Set()));
    },
    unselectNodesAndEdges: ({ nodes: E, edges: g } = {}) => {
      const { edges: y, nodes: m, nodeLookup: w, triggerNodeChanges: S, triggerEdgeChanges: k } = h(), N = E || m, P = g || y, L = [];
      for (const D of N)
        D.selected && L.push(Ln(D.id, !1));
      const R = [];
      for (const D of P)
        D.selected && R.push(Ln(D.id, !1));
      S(L), k(R);
    },
    setMinZoom: (E) => {
      const { panZoom: g, maxZoom: y } = h();
      g == null || g.setScaleExtent([E, y]), p({ minZoom: E });
    },
    setMaxZoom: (E) => {
      const { panZoom: g, minZoom: y } = h();
      g == null || g.setScaleExtent([y, E]), p({ maxZoom: E });
    },
    setTranslateExtent: (E) => {
      var g;
      (g = h().panZoom) == null || g.setTranslateExtent(E), p({ translateExtent: E });
    },
    resetSelectedElements: () => {
      const { edges: E, nodes: g, triggerNodeChanges: y, triggerEdgeChanges: m, elementsSelectable: w } = h();
      if (!w)
        return;
      const S = g.reduce((N, P) => P.selected ? [...N, Ln(P.id, !1)] : N, []), k = E.reduce((N, P) => P.selected ? [...N, Ln(P.id, !1)] : N, []);
      y(S), m(k);
    },
    setNodeExtent: (E) => {
      const { nodes: g, nodeLookup: y, parentLookup: m, nodeOrigin: w, elevateNodesOnSelect: S, nodeExtent: k, zIndexMode: N } = h();
      E[0][0] === k[0][0] && E[0][1] === k[0][1] && E[1][0] === k[1][0] && E[1][1] === k[1][1] || (wu(g, y, m, {
        nodeOrigin: w,
        nodeExtent: E,
        elevateNodesOnSelect: S,
        checkEquality: !1,
        zIndexMode: N
      }), p({ nodeExtent: E }));
    },
    panBy: (E) => {
      const { transform: g, width: y, height: m, panZoom: w, translateExtent: S } = h();
      return Nk({ delta: E, panZoom: w, transform: g, translateExtent: S, width: y, height: m });
    },
    setCenter: async (E, g, y) => {
      const { width: m, height: w, maxZoom: S, panZoom: k } = h();
      if (!k)
        return !1;
      const N = typeof (y == null ? void 0 : y.zoom) < "u" ? y.zoom : S;
      return await k.setViewport({
        x: m / 2 - E * N,
        y: w / 2 - g * N,
        zoom: N
      }, { duration: y == null ? void 0 : y.duration, ease: y == null ? void 0 : y.ease, interpolate: y == null ? void 0 : y.interpolate }), !0;
    },
    cancelConnection: () => {
      p({
        connection: { ...Xm }
      });
    },
    updateConnection: (E) => {
      p({ connection: E });
    },
    reset: () => p({ ...vh() })
  };
}, Object.is);
function iy({ initialNodes: e, initialEdges: t, defaultNodes: n, defaultEdges: r, initialWidth: i, initialHeight: o, initialMinZoom: s, initialMaxZoom: l, initialFitViewOptions: a, fitView: u, nodeOrigin: c, nodeExtent: d, zIndexMode: f, children: p }) {
  const [h] = j.useState(() => oC({
    nodes: e,
    edges: t,
    defaultNodes: n,
    defaultEdges: r,
    width: i,
    height: o,
    fitView: u,
    minZoom: s,
    maxZoom: l,
    fitViewOptions: a,
    nodeOrigin: c,
    nodeExtent: d,
    zIndexMode: f
  }));
  return _.jsx(x2, { value: h, children: _.jsx(W2, { children: _.jsx(oN, { children: p }) }) });
}
function sC({ children: e, nodes: t, edges: n, defaultNodes: r, defaultEdges: i, width: o, height: s, fitView: l, fitViewOptions: a, minZoom: u, maxZoom: c, nodeOrigin: d, nodeExtent: f, zIndexMode: p }) {
  return j.useContext(dl) ? _.jsx(_.Fragment, { children: e }) : _.jsx(iy, { initialNodes: t, initialEdges: n, defaultNodes: r, defaultEdges: i, initialWidth: o, initialHeight: s, fitView: l, initialFitViewOptions: a, initialMinZoom: u, initialMaxZoom: c, nodeOrigin: d, nodeExtent: f, zIndexMode: p, children: e });
}
const lC = {
  width: "100%",
  height: "100%",
  overflow: "hidden",
  position: "relative",
  zIndex: 0
};
function aC({ nodes: e, edges: t, defaultNodes: n, defaultEdges: r, className: i, nodeTypes: o, edgeTypes: s, onNodeClick: l, onEdgeClick: a, onInit: u, onMove: c, onMoveStart: d, onMoveEnd: f, onConnect: p, onConnectStart: h, onConnectEnd: v, onClickConnectStart: E, onClickConnectEnd: g, onNodeMouseEnter: y, onNodeMouseMove: m, onNodeMouseLeave: w, onNodeContextMenu: S, onNodeDoubleClick: k, onNodeDragStart: N, onNodeDrag: P, onNodeDragStop: L, onNodesDelete: R, onEdgesDelete: D, onDelete: $, onSelectionChange: T, onSelectionDragStart: x, onSelectionDrag: C, onSelectionDragStop: b, onSelectionContextMenu: O, onSelectionStart: I, onSelectionEnd: M, onBeforeDelete: z, connectionMode: A, connectionLineType: H = un.Bezier, connectionLineStyle: Y, connectionLineComponent: B, connectionLineContainerStyle: Z, deleteKeyCode: ee = "Backspace", selectionKeyCode: X = "Shift", selectionOnDrag: F = !1, selectionMode: W = Yi.Full, panActivationKeyCode: J = "Space", multiSelectionKeyCode: q = Gi() ? "Meta" : "Control", zoomActivationKeyCode: G = Gi() ? "Meta" : "Control", snapToGrid: K, snapGrid: te, onlyRenderVisibleElements: ne = !1, selectNodesOnDrag: ie, nodesDraggable: ae, autoPanOnNodeFocus: et, nodesConnectable: Nt, nodesFocusable: Ct, nodeOrigin: jt = P0, edgesFocusable: Qr, edgesReconnectable: Mn, elementsSelectable: In = !0, defaultViewport: ut = L2, minZoom: Rt = 0.5, maxZoom: Dt = 2, translateExtent: Pn = Ui, preventScrolling: xl = !0, nodeExtent: El, defaultMarkerColor: Oy = "#b1b1b7", zoomOnScroll: jy = !0, zoomOnPinch: Ry = !0, panOnScroll: Dy = !1, panOnScrollSpeed: Ay = 0.5, panOnScrollMode: Fy = Vn.Free, zoomOnDoubleClick: Hy = !0, panOnDrag: Vy = !0, onPaneClick: By, onPaneMouseEnter: Wy, onPaneMouseMove: Uy, onPaneMouseLeave: Yy, onPaneScroll: Xy, onPaneContextMenu: Gy, paneClickDistance: Qy = 1, nodeClickDistance: Ky = 0, children: Zy, onReconnect: qy, onReconnectStart: Jy, onReconnectEnd: ev, onEdgeContextMenu: tv, onEdgeDoubleClick: nv, onEdgeMouseEnter: rv, onEdgeMouseMove: iv, onEdgeMouseLeave: ov, reconnectRadius: sv = 10, onNodesChange: lv, onEdgesChange: av, noDragClassName: uv = "nodrag", noWheelClassName: cv = "nowheel", noPanClassName: Gc = "nopan", fitView: Qc, fitViewOptions: Kc, connectOnClick: fv, attributionPosition: dv, proOptions: hv, defaultEdgeOptions: pv, elevateNodesOnSelect: gv = !0, elevateEdgesOnSelect: mv = !1, disableKeyboardA11y: Zc = !1, autoPanOnConnect: yv, autoPanOnNodeDrag: vv, autoPanOnSelection: wv = !0, autoPanSpeed: xv, connectionRadius: Ev, isValidConnection: _v, onError: Sv, style: kv, id: qc, nodeDragThreshold: Nv, connectionDragThreshold: Cv, viewport: Mv, onViewportChange: Iv, width: Pv, height: $v, colorMode: Tv = "light", debug: bv, onScroll: lo, ariaLabelConfig: Lv, zIndexMode: Jc = "basic", ...zv }, Ov) {
  const _l = qc || "1", jv = R2(Tv), Rv = j.useCallback((ef) => {
    ef.currentTarget.scrollTo({ top: 0, left: 0, behavior: "instant" }), lo == null || lo(ef);
  }, [lo]);
  return _.jsx("div", { "data-testid": "rf__wrapper", ...zv, onScroll: Rv, style: { ...kv, ...lC }, ref: Ov, className: Se(["react-flow", i, jv]), id: qc, role: "application", children: _.jsxs(sC, { nodes: e, edges: t, width: Pv, height: $v, fitView: Qc, fitViewOptions: Kc, minZoom: Rt, maxZoom: Dt, nodeOrigin: jt, nodeExtent: El, zIndexMode: Jc, children: [_.jsx(j2, { nodes: e, edges: t, defaultNodes: n, defaultEdges: r, onConnect: p, onConnectStart: h, onConnectEnd: v, onClickConnectStart: E, onClickConnectEnd: g, nodesDraggable: ae, autoPanOnNodeFocus: et, nodesConnectable: Nt, nodesFocusable: Ct, edgesFocusable: Qr, edgesReconnectable: Mn, elementsSelectable: In, elevateNodesOnSelect: gv, elevateEdgesOnSelect: mv, minZoom: Rt, maxZoom: Dt, nodeExtent: El, onNodesChange: lv, onEdgesChange: av, snapToGrid: K, snapGrid: te, connectionMode: A, translateExtent: Pn, connectOnClick: fv, defaultEdgeOptions: pv, fitView: Qc, fitViewOptions: Kc, onNodesDelete: R, onEdgesDelete: D, onDelete: $, onNodeDragStart: N, onNodeDrag: P, onNodeDragStop: L, onSelectionDrag: C, onSelectionDragStart: x, onSelectionDragStop: b, onMove: c, onMoveStart: d, onMoveEnd: f, noPanClassName: Gc, nodeOrigin: jt, rfId: _l, autoPanOnConnect: yv, autoPanOnNodeDrag: vv, autoPanSpeed: xv, onError: Sv, connectionRadius: Ev, isValidConnection: _v, selectNodesOnDrag: ie, nodeDragThreshold: Nv, connectionDragThreshold: Cv, onBeforeDelete: z, debug: bv, ariaLabelConfig: Lv, zIndexMode: Jc }), _.jsx(rC, { onInit: u, onNodeClick: l, onEdgeClick: a, onNodeMouseEnter: y, onNodeMouseMove: m, onNodeMouseLeave: w, onNodeContextMenu: S, onNodeDoubleClick: k, nodeTypes: o, edgeTypes: s, connectionLineType: H, connectionLineStyle: Y, connectionLineComponent: B, connectionLineContainerStyle: Z, selectionKeyCode: X, selectionOnDrag: F, selectionMode: W, deleteKeyCode: ee, multiSelectionKeyCode: q, panActivationKeyCode: J, zoomActivationKeyCode: G, onlyRenderVisibleElements: ne, defaultViewport: ut, translateExtent: Pn, minZoom: Rt, maxZoom: Dt, preventScrolling: xl, zoomOnScroll: jy, zoomOnPinch: Ry, zoomOnDoubleClick: Hy, panOnScroll: Dy, panOnScrollSpeed: Ay, panOnScrollMode: Fy, panOnDrag: Vy, autoPanOnSelection: wv, onPaneClick: By, onPaneMouseEnter: Wy, onPaneMouseMove: Uy, onPaneMouseLeave: Yy, onPaneScroll: Xy, onPaneContextMenu: Gy, paneClickDistance: Qy, nodeClickDistance: Ky, onSelectionContextMenu: O, onSelectionStart: I, onSelectionEnd: M, onReconnect: qy, onReconnectStart: Jy, onReconnectEnd: ev, onEdgeContextMenu: tv, onEdgeDoubleClick: nv, onEdgeMouseEnter: rv, onEdgeMouseMove: iv, onEdgeMouseLeave: ov, reconnectRadius: sv, defaultMarkerColor: Oy, noDragClassName: uv, noWheelClassName: cv, noPanClassName: Gc, rfId: _l, disableKeyboardA11y: Zc, nodeExtent: El, viewport: Mv, onViewportChange: Iv, nodesDraggable: ae }), _.jsx(b2, { onSelectionChange: T }), Zy, _.jsx(M2, { proOptions: hv, position: dv }), _.jsx(C2, { rfId: _l, disableKeyboardA11y: Zc })] }) });
}
var uC = b0(aC);
function cC({ dimensions: e, lineWidth: t, variant: n, className: r }) {
  return _.jsx("path", { strokeWidth: t, d: `M${e[0] / 2} 0 V${e[1]} M0 ${e[1] / 2} H${e[0]}`, className: Se(["react-flow__background-pattern", n, r]) });
}
function fC({ radius: e, className: t }) {
  return _.jsx("circle", { cx: e, cy: e, r: e, className: Se(["react-flow__background-pattern", "dots", t]) });
}
var xn;
(function(e) {
  e.Lines = "lines", e.Dots = "dots", e.Cross = "cross";
})(xn || (xn = {}));
const dC = {
  [xn.Dots]: 1,
  [xn.Lines]: 1,
  [xn.Cross]: 6
}, hC = (e) => ({ transform: e.transform, patternId: `pattern-${e.rfId}` });
function oy({
  id: e,
  variant: t = xn.Dots,
  // only used for dots and cross
  gap: n = 20,
  // only used for lines and cross
  size: r,
  lineWidth: i = 1,
  offset: o = 0,
  color: s,
  bgColor: l,
  style: a,
  className: u,
  patternClassName: c
}) {
  const d = j.useRef(null), { transform: f, patternId: p } = se(hC, ye), h = r || dC[t], v = t === xn.Dots, E = t === xn.Cross, g = Array.isArray(n) ? n : [n, n], y = [g[0] * f[2] || 1, g[1] * f[2] || 1], m = h * f[2], w = Array.isArray(o) ? o : [o, o], S = E ? [m, m] : y, k = [
    w[0] * f[2] + S[0] / 2,
    w[1] * f[2] + S[1] / 2
  ], N = `${p}${e || ""}`;
  return _.jsxs("svg", { className: Se(["react-flow__background", u]), style: {
    ...a,
    ...gl,
    "--xy-background-color-props": l,
    "--xy-background-pattern-color-props": s
  }, ref: d, "data-testid": "rf__background", children: [_.jsx("pattern", { id: N, x: f[0] % y[0], y: f[1] % y[1], width: y[0], height: y[1], patternUnits: "userSpaceOnUse", patternTransform: `translate(-${k[0]},-${k[1]})`, children: v ? _.jsx(fC, { radius: m / 2, className: c }) : _.jsx(cC, { dimensions: S, lineWidth: i, variant: t, className: c }) }), _.jsx("rect", { x: "0", y: "0", width: "100%", height: "100%", fill: `url(#${N})` })] });
}
oy.displayName = "Background";
const pC = j.memo(oy);
function gC() {
  return _.jsx("svg", { xmlns: "http://www.w3.org/2000/svg", viewBox: "0 0 32 32", children: _.jsx("path", { d: "M32 18.133H18.133V32h-4.266V18.133H0v-4.266h13.867V0h4.266v13.867H32z" }) });
}
function mC() {
  return _.jsx("svg", { xmlns: "http://www.w3.org/2000/svg", viewBox: "0 0 32 5", children: _.jsx("path", { d: "M0 0h32v4.2H0z" }) });
}
function yC() {
  return _.jsx("svg", { xmlns: "http://www.w3.org/2000/svg", viewBox: "0 0 32 30", children: _.jsx("path", { d: "M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" }) });
}
function vC() {
  return _.jsx("svg", { xmlns: "http://www.w3.org/2000/svg", viewBox: "0 0 25 32", children: _.jsx("path", { d: "M21.333 10.667H19.81V7.619C19.81 3.429 16.38 0 12.19 0 8 0 4.571 3.429 4.571 7.619v3.048H3.048A3.056 3.056 0 000 13.714v15.238A3.056 3.056 0 003.048 32h18.285a3.056 3.056 0 003.048-3.048V13.714a3.056 3.056 0 00-3.048-3.047zM12.19 24.533a3.056 3.056 0 01-3.047-3.047 3.056 3.056 0 013.047-3.048 3.056 3.056 0 013.048 3.048 3.056 3.056 0 01-3.048 3.047zm4.724-13.866H7.467V7.619c0-2.59 2.133-4.724 4.723-4.724 2.591 0 4.724 2.133 4.724 4.724v3.048z" }) });
}
function wC() {
  return _.jsx("svg", { xmlns: "http://www.w3.org/2000/svg", viewBox: "0 0 25 32", children: _.jsx("path", { d: "M21.333 10.667H19.81V7.619C19.81 3.429 16.38 0 12.19 0c-4.114 1.828-1.37 2.133.305 2.438 1.676.305 4.42 2.59 4.42 5.181v3.048H3.047A3.056 3.056 0 000 13.714v15.238A3.056 3.056 0 003.048 32h18.285a3.056 3.056 0 003.048-3.048V13.714a3.056 3.056 0 00-3.048-3.047zM12.19 24.533a3.056 3.056 0 01-3.047-3.047 3.056 3.056 0 013.047-3.048 3.056 3.056 0 013.048 3.048 3.056 3.056 0 01-3.048 3.047z" }) });
}
function zo({ children: e, className: t, ...n }) {
  return _.jsx("button", { type: "button", className: Se(["react-flow__controls-button", t]), ...n, children: e });
}
const xC = (e) => ({
  isInteractive: e.nodesDraggable || e.nodesConnectable || e.elementsSelectable,
  minZoomReached: e.transform[2] <= e.minZoom,
  maxZoomReached: e.transform[2] >= e.maxZoom,
  ariaLabelConfig: e.ariaLabelConfig
});
function sy({ style: e, showZoom: t = !0, showFitView: n = !0, showInteractive: r = !0, fitViewOptions: i, onZoomIn: o, onZoomOut: s, onFitView: l, onInteractiveChange: a, className: u, children: c, position: d = "bottom-left", orientation: f = "vertical", "aria-label": p }) {
  const h = de(), { isInteractive: v, minZoomReached: E, maxZoomReached: g, ariaLabelConfig: y } = se(xC, ye), { zoomIn: m, zoomOut: w, fitView: S } = pl(), k = () => {
    m(), o == null || o();
  }, N = () => {
    w(), s == null || s();
  }, P = () => {
    S(i), l == null || l();
  }, L = () => {
    h.setState({
      nodesDraggable: !v,
      nodesConnectable: !v,
      elementsSelectable: !v
    }), a == null || a(!v);
  }, R = f === "horizontal" ? "horizontal" : "vertical";
  return _.jsxs(hl, { className: Se(["react-flow__controls", R, u]), position: d, style: e, "data-testid": "rf__controls", "aria-label": p ?? y["controls.ariaLabel"], children: [t && _.jsxs(_.Fragment, { children: [_.jsx(zo, { onClick: k, className: "react-flow__controls-zoomin", title: y["controls.zoomIn.ariaLabel"], "aria-label": y["controls.zoomIn.ariaLabel"], disabled: g, children: _.jsx(gC, {}) }), _.jsx(zo, { onClick: N, className: "react-flow__controls-zoomout", title: y["controls.zoomOut.ariaLabel"], "aria-label": y["controls.zoomOut.ariaLabel"], disabled: E, children: _.jsx(mC, {}) })] }), n && _.jsx(zo, { className: "react-flow__controls-fitview", onClick: P, title: y["controls.fitView.ariaLabel"], "aria-label": y["controls.fitView.ariaLabel"], children: _.jsx(yC, {}) }), r && _.jsx(zo, { className: "react-flow__controls-interactive", onClick: L, title: y["controls.interactive.ariaLabel"], "aria-label": y["controls.interactive.ariaLabel"], children: v ? _.jsx(wC, {}) : _.jsx(vC, {}) }), c] });
}
sy.displayName = "Controls";
const EC = j.memo(sy);
function _C({ id: e, x: t, y: n, width: r, height: i, style: o, color: s, strokeColor: l, strokeWidth: a, className: u, borderRadius: c, shapeRendering: d, selected: f, onClick: p }) {
  const { background: h, backgroundColor: v } = o || {}, E = s || h || v;
  return _.jsx("rect", { className: Se(["react-flow__minimap-node", { selected: f }, u]), x: t, y: n, rx: c, ry: c, width: r, height: i, style: {
    fill: E,
    stroke: l,
    strokeWidth: a
  }, shapeRendering: d, onClick: p ? (g) => p(g, e) : void 0 });
}
const SC = j.memo(_C), kC = (e) => e.nodes.map((t) => t.id), aa = (e) => e instanceof Function ? e : () => e;
function NC({
  nodeStrokeColor: e,
  nodeColor: t,
  nodeClassName: n = "",
  nodeBorderRadius: r = 5,
  nodeStrokeWidth: i,
  /*
   * We need to rename the prop to be `CapitalCase` so that JSX will render it as
   * a component properly.
   */
  nodeComponent: o = SC,
  onClick: s
}) {
  const l = se(kC, ye), a = aa(t), u = aa(e), c = aa(n), d = typeof window > "u" || window.chrome ? "crispEdges" : "geometricPrecision";
  return _.jsx(_.Fragment, { children: l.map((f) => (
    /*
     * The split of responsibilities between MiniMapNodes and
     * NodeComponentWrapper may appear weird. However, it’s designed to
     * minimize the cost of updates when individual nodes change.
     *
     * For more details, see a similar commit in `NodeRenderer/index.tsx`.
     */
    _.jsx(MC, { id: f, nodeColorFunc: a, nodeStrokeColorFunc: u, nodeClassNameFunc: c, nodeBorderRadius: r, nodeStrokeWidth: i, NodeComponent: o, onClick: s, shapeRendering: d }, f)
  )) });
}
function CC({ id: e, nodeColorFunc: t, nodeStrokeColorFunc: n, nodeClassNameFunc: r, nodeBorderRadius: i, nodeStrokeWidth: o, shapeRendering: s, NodeComponent: l, onClick: a }) {
  const { node: u, x: c, y: d, width: f, height: p } = se((h) => {
    const v = h.nodeLookup.get(e);
    if (!v)
      return { node: void 0, x: 0, y: 0, width: 0, height: 0 };
    const E = v.internals.userNode, { x: g, y } = v.internals.positionAbsolute, { width: m, height: w } = St(E);
    return {
      node: E,
      x: g,
      y,
      width: m,
      height: w
    };
  }, ye);
  return !u || u.hidden || !e0(u) ? null : _.jsx(l, { x: c, y: d, width: f, height: p, style: u.style, selected: !!u.selected, className: r(u), color: t(u), borderRadius: i, strokeColor: n(u), strokeWidth: o, shapeRendering: s, onClick: a, id: u.id });
}
const MC = j.memo(CC);
var IC = j.memo(NC);
const PC = 200, $C = 150, TC = (e) => !e.hidden, bC = (e) => {
  const t = {
    x: -e.transform[0] / e.transform[2],
    y: -e.transform[1] / e.transform[2],
    width: e.width / e.transform[2],
    height: e.height / e.transform[2]
  };
  let n = !1;
  for (const r of e.nodeLookup.values())
    if (!r.hidden) {
      n = !0;
      break;
    }
  return {
    viewBB: t,
    boundingRect: n ? Zm(io(e.nodeLookup, { filter: TC }), t) : t,
    rfId: e.rfId,
    panZoom: e.panZoom,
    translateExtent: e.translateExtent,
    flowWidth: e.width,
    flowHeight: e.height,
    ariaLabelConfig: e.ariaLabelConfig
  };
}, wh = (e, t) => e.x === t.x && e.y === t.y && e.width === t.width && e.height === t.height, LC = (e, t) => wh(e.viewBB, t.viewBB) && wh(e.boundingRect, t.boundingRect) && e.rfId === t.rfId && e.panZoom === t.panZoom && e.translateExtent === t.translateExtent && e.flowWidth === t.flowWidth && e.flowHeight === t.flowHeight && e.ariaLabelConfig === t.ariaLabelConfig, zC = "react-flow__minimap-desc";
function ly({
  style: e,
  className: t,
  nodeStrokeColor: n,
  nodeColor: r,
  nodeClassName: i = "",
  nodeBorderRadius: o = 5,
  nodeStrokeWidth: s,
  /*
   * We need to rename the prop to be `CapitalCase` so that JSX will render it as
   * a component properly.
   */
  nodeComponent: l,
  bgColor: a,
  maskColor: u,
  maskStrokeColor: c,
  maskStrokeWidth: d,
  position: f = "bottom-right",
  onClick: p,
  onNodeClick: h,
  pannable: v = !1,
  zoomable: E = !1,
  ariaLabel: g,
  inversePan: y,
  zoomStep: m = 1,
  offsetScale: w = 5
}) {
  const S = de(), k = j.useRef(null), { boundingRect: N, panZoom: P, viewBB: L, rfId: R, translateExtent: D, flowWidth: $, flowHeight: T, ariaLabelConfig: x } = se(bC, LC), C = (e == null ? void 0 : e.width) ?? PC, b = (e == null ? void 0 : e.height) ?? $C, O = N.width / C, I = N.height / b, M = Math.max(O, I), z = M * C, A = M * b, H = w * M, Y = N.x - (z - N.width) / 2 - H, B = N.y - (A - N.height) / 2 - H, Z = z + H * 2, ee = A + H * 2, X = `${zC}-${R}`, F = j.useRef(0), W = j.useRef();
  F.current = M, j.useEffect(() => {
    const te = S.getState().panZoom;
    if (k.current && te)
      return W.current = zk({
        domNode: k.current,
        panZoom: te,
        getTransform: () => S.getState().transform,
        getViewScale: () => F.current
      }), () => {
        var ne;
        (ne = W.current) == null || ne.destroy();
      };
  }, [P]), j.useEffect(() => {
    var te;
    (te = W.current) == null || te.update({
      translateExtent: D,
      width: $,
      height: T,
      inversePan: y,
      pannable: v,
      zoomStep: m,
      zoomable: E
    });
  }, [v, E, y, m, D, $, T]);
  const J = p ? (te) => {
    var ae;
    const [ne, ie] = ((ae = W.current) == null ? void 0 : ae.pointer(te)) || [0, 0];
    p(te, { x: ne, y: ie });
  } : void 0, q = j.useCallback((te, ne) => {
    const ie = S.getState().nodeLookup.get(ne).internals.userNode;
    h == null || h(te, ie);
  }, [h]), G = h ? q : void 0, K = g ?? x["minimap.ariaLabel"];
  return _.jsx(hl, { position: f, style: {
    ...e,
    "--xy-minimap-background-color-props": typeof a == "string" ? a : void 0,
    "--xy-minimap-mask-background-color-props": typeof u == "string" ? u : void 0,
    "--xy-minimap-mask-stroke-color-props": typeof c == "string" ? c : void 0,
    "--xy-minimap-mask-stroke-width-props": typeof d == "number" ? d * M : void 0,
    "--xy-minimap-node-background-color-props": typeof r == "string" ? r : void 0,
    "--xy-minimap-node-stroke-color-props": typeof n == "string" ? n : void 0,
    "--xy-minimap-node-stroke-width-props": typeof s == "number" ? s : void 0
  }, className: Se(["react-flow__minimap", t]), "data-testid": "rf__minimap", children: _.jsxs("svg", { width: C, height: b, viewBox: `${Y} ${B} ${Z} ${ee}`, className: "react-flow__minimap-svg", role: "img", "aria-labelledby": X, ref: k, onClick: J, children: [K && _.jsx("title", { id: X, children: K }), _.jsx(IC, { onClick: G, nodeColor: r, nodeStrokeColor: n, nodeBorderRadius: o, nodeClassName: i, nodeStrokeWidth: s, nodeComponent: l }), _.jsx("path", { className: "react-flow__minimap-mask", d: `M${Y - H},${B - H}h${Z + H * 2}v${ee + H * 2}h${-Z - H * 2}z
        M${L.x},${L.y}h${L.width}v${L.height}h${-L.width}z`, fillRule: "evenodd", pointerEvents: "none" })] }) });
}
ly.displayName = "MiniMap";
j.memo(ly);
const OC = (e) => (t) => e ? `${Math.max(1 / t.transform[2], 1)}` : void 0, jC = {
  [Vr.Line]: "right",
  [Vr.Handle]: "bottom-right"
};
function RC({ nodeId: e, position: t, variant: n = Vr.Handle, className: r, style: i = void 0, children: o, color: s, minWidth: l = 10, minHeight: a = 10, maxWidth: u = Number.MAX_VALUE, maxHeight: c = Number.MAX_VALUE, keepAspectRatio: d = !1, resizeDirection: f, autoScale: p = !0, shouldResize: h, onResizeStart: v, onResize: E, onResizeEnd: g }) {
  const y = R0(), m = typeof e == "string" ? e : y, w = de(), S = j.useRef(null), k = n === Vr.Handle, N = se(j.useCallback(OC(k && p), [k, p]), ye), P = j.useRef(null), L = t ?? jC[n];
  j.useEffect(() => {
    if (!(!S.current || !m))
      return P.current || (P.current = Xk({
        domNode: S.current,
        nodeId: m,
        getStoreItems: () => {
          const { nodeLookup: D, transform: $, snapGrid: T, snapToGrid: x, nodeOrigin: C, domNode: b } = w.getState();
          return {
            nodeLookup: D,
            transform: $,
            snapGrid: T,
            snapToGrid: x,
            nodeOrigin: C,
            paneDomNode: b
          };
        },
        onChange: (D, $) => {
          const { triggerNodeChanges: T, nodeLookup: x, parentLookup: C, nodeOrigin: b } = w.getState(), O = [], I = { x: D.x, y: D.y }, M = x.get(m);
          if (M && M.expandParent && M.parentId) {
            const z = M.origin ?? b, A = D.width ?? M.measured.width ?? 0, H = D.height ?? M.measured.height ?? 0, Y = {
              id: M.id,
              parentId: M.parentId,
              rect: {
                width: A,
                height: H,
                ...t0({
                  x: D.x ?? M.position.x,
                  y: D.y ?? M.position.y
                }, { width: A, height: H }, M.parentId, x, z)
              }
            }, B = Hc([Y], x, C, b);
            O.push(...B), I.x = D.x ? Math.max(z[0] * A, D.x) : void 0, I.y = D.y ? Math.max(z[1] * H, D.y) : void 0;
          }
          if (I.x !== void 0 && I.y !== void 0) {
            const z = {
              id: m,
              type: "position",
              position: { ...I }
            };
            O.push(z);
          }
          if (D.width !== void 0 && D.height !== void 0) {
            const A = {
              id: m,
              type: "dimensions",
              resizing: !0,
              setAttributes: f ? f === "horizontal" ? "width" : "height" : !0,
              dimensions: {
                width: D.width,
                height: D.height
              }
            };
            O.push(A);
          }
          for (const z of $) {
            const A = {
              ...z,
              type: "position"
            };
            O.push(A);
          }
          T(O);
        },
        onEnd: ({ width: D, height: $ }) => {
          const T = {
            id: m,
            type: "dimensions",
            resizing: !1,
            dimensions: {
              width: D,
              height: $
            }
          };
          w.getState().triggerNodeChanges([T]);
        }
      })), P.current.update({
        controlPosition: L,
        boundaries: {
          minWidth: l,
          minHeight: a,
          maxWidth: u,
          maxHeight: c
        },
        keepAspectRatio: d,
        resizeDirection: f,
        onResizeStart: v,
        onResize: E,
        onResizeEnd: g,
        shouldResize: h
      }), () => {
        var D;
        (D = P.current) == null || D.destroy();
      };
  }, [
    L,
    l,
    a,
    u,
    c,
    d,
    v,
    E,
    g,
    h
  ]);
  const R = L.split("-");
  return _.jsx("div", { className: Se(["react-flow__resize-control", "nodrag", ...R, n, r]), ref: S, style: {
    ...i,
    scale: N,
    ...s && { [k ? "backgroundColor" : "borderColor"]: s }
  }, children: o });
}
j.memo(RC);
var DC = "\0", $n = "\0", xh = "";
let AC = class {
  constructor(t) {
    xe(this, "_isDirected", !0);
    xe(this, "_isMultigraph", !1);
    xe(this, "_isCompound", !1);
    // Label for the graph itself
    xe(this, "_label");
    // Defaults to be set when creating a new node
    xe(this, "_defaultNodeLabelFn", () => {
    });
    // Defaults to be set when creating a new edge
    xe(this, "_defaultEdgeLabelFn", () => {
    });
    // v -> label
    xe(this, "_nodes", {});
    // v -> edgeObj
    xe(this, "_in", {});
    // u -> v -> Number
    xe(this, "_preds", {});
    // v -> edgeObj
    xe(this, "_out", {});
    // v -> w -> Number
    xe(this, "_sucs", {});
    // e -> edgeObj
    xe(this, "_edgeObjs", {});
    // e -> label
    xe(this, "_edgeLabels", {});
    /* Number of nodes in the graph. Should only be changed by the implementation. */
    xe(this, "_nodeCount", 0);
    /* Number of edges in the graph. Should only be changed by the implementation. */
    xe(this, "_edgeCount", 0);
    xe(this, "_parent");
    xe(this, "_children");
    t && (this._isDirected = Object.hasOwn(t, "directed") ? t.directed : !0, this._isMultigraph = Object.hasOwn(t, "multigraph") ? t.multigraph : !1, this._isCompound = Object.hasOwn(t, "compound") ? t.compound : !1), this._isCompound && (this._parent = {}, this._children = {}, this._children[$n] = {});
  }
  /* === Graph functions ========= */
  /**
   * Whether graph was created with 'directed' flag set to true or not.
   */
  isDirected() {
    return this._isDirected;
  }
  /**
   * Whether graph was created with 'multigraph' flag set to true or not.
   */
  isMultigraph() {
    return this._isMultigraph;
  }
  /**
   * Whether graph was created with 'compound' flag set to true or not.
   */
  isCompound() {
    return this._isCompound;
  }
  /**
   * Sets the label of the graph.
   */
  setGraph(t) {
    return this._label = t, this;
  }
  /**
   * Gets the graph label.
   */
  graph() {
    return this._label;
  }
  /* === Node functions ========== */
  /**
   * Sets the default node label. If newDefault is a function, it will be
   * invoked ach time when setting a label for a node. Otherwise, this label
   * will be assigned as default label in case if no label was specified while
   * setting a node.
   * Complexity: O(1).
   */
  setDefaultNodeLabel(t) {
    return this._defaultNodeLabelFn = t, typeof t != "function" && (this._defaultNodeLabelFn = () => t), this;
  }
  /**
   * Gets the number of nodes in the graph.
   * Complexity: O(1).
   */
  nodeCount() {
    return this._nodeCount;
  }
  /**
   * Gets all nodes of the graph. Note, the in case of compound graph subnodes are
   * not included in list.
   * Complexity: O(1).
   */
  nodes() {
    return Object.keys(this._nodes);
  }
  /**
   * Gets list of nodes without in-edges.
   * Complexity: O(|V|).
   */
  sources() {
    var t = this;
    return this.nodes().filter((n) => Object.keys(t._in[n]).length === 0);
  }
  /**
   * Gets list of nodes without out-edges.
   * Complexity: O(|V|).
   */
  sinks() {
    var t = this;
    return this.nodes().filter((n) => Object.keys(t._out[n]).length === 0);
  }
  /**
   * Invokes setNode method for each node in names list.
   * Complexity: O(|names|).
   */
  setNodes(t, n) {
    var r = arguments, i = this;
    return t.forEach(function(o) {
      r.length > 1 ? i.setNode(o, n) : i.setNode(o);
    }), this;
  }
  /**
   * Creates or updates the value for the node v in the graph. If label is supplied
   * it is set as the value for the node. If label is not supplied and the node was
   * created by this call then the default node label will be assigned.
   * Complexity: O(1).
   */
  setNode(t, n) {
    return Object.hasOwn(this._nodes, t) ? (arguments.length > 1 && (this._nodes[t] = n), this) : (this._nodes[t] = arguments.length > 1 ? n : this._defaultNodeLabelFn(t), this._isCompound && (this._parent[t] = $n, this._children[t] = {}, this._children[$n][t] = !0), this._in[t] = {}, this._preds[t] = {}, this._out[t] = {}, this._sucs[t] = {}, ++this._nodeCount, this);
  }
  /**
   * Gets the label of node with specified name.
   * Complexity: O(|V|).
   */
  node(t) {
    return this._nodes[t];
  }
  /**
   * Detects whether graph has a node with specified name or not.
   */
  hasNode(t) {
    return Object.hasOwn(this._nodes, t);
  }
  /**
   * Remove the node with the name from the graph or do nothing if the node is not in
   * the graph. If the node was removed this function also removes any incident
   * edges.
   * Complexity: O(1).
   */
  removeNode(t) {
    var n = this;
    if (Object.hasOwn(this._nodes, t)) {
      var r = (i) => n.removeEdge(n._edgeObjs[i]);
      delete this._nodes[t], this._isCompound && (this._removeFromParentsChildList(t), delete this._parent[t], this.children(t).forEach(function(i) {
        n.setParent(i);
      }), delete this._children[t]), Object.keys(this._in[t]).forEach(r), delete this._in[t], delete this._preds[t], Object.keys(this._out[t]).forEach(r), delete this._out[t], delete this._sucs[t], --this._nodeCount;
    }
    return this;
  }
  /**
   * Sets node p as a parent for node v if it is defined, or removes the
   * parent for v if p is undefined. Method throws an exception in case of
   * invoking it in context of noncompound graph.
   * Average-case complexity: O(1).
   */
  setParent(t, n) {
    if (!this._isCompound)
      throw new Error("Cannot set parent in a non-compound graph");
    if (n === void 0)
      n = $n;
    else {
      n += "";
      for (var r = n; r !== void 0; r = this.parent(r))
        if (r === t)
          throw new Error("Setting " + n + " as parent of " + t + " would create a cycle");
      this.setNode(n);
    }
    return this.setNode(t), this._removeFromParentsChildList(t), this._parent[t] = n, this._children[n][t] = !0, this;
  }
  _removeFromParentsChildList(t) {
    delete this._children[this._parent[t]][t];
  }
  /**
   * Gets parent node for node v.
   * Complexity: O(1).
   */
  parent(t) {
    if (this._isCompound) {
      var n = this._parent[t];
      if (n !== $n)
        return n;
    }
  }
  /**
   * Gets list of direct children of node v.
   * Complexity: O(1).
   */
  children(t = $n) {
    if (this._isCompound) {
      var n = this._children[t];
      if (n)
        return Object.keys(n);
    } else {
      if (t === $n)
        return this.nodes();
      if (this.hasNode(t))
        return [];
    }
  }
  /**
   * Return all nodes that are predecessors of the specified node or undefined if node v is not in
   * the graph. Behavior is undefined for undirected graphs - use neighbors instead.
   * Complexity: O(|V|).
   */
  predecessors(t) {
    var n = this._preds[t];
    if (n)
      return Object.keys(n);
  }
  /**
   * Return all nodes that are successors of the specified node or undefined if node v is not in
   * the graph. Behavior is undefined for undirected graphs - use neighbors instead.
   * Complexity: O(|V|).
   */
  successors(t) {
    var n = this._sucs[t];
    if (n)
      return Object.keys(n);
  }
  /**
   * Return all nodes that are predecessors or successors of the specified node or undefined if
   * node v is not in the graph.
   * Complexity: O(|V|).
   */
  neighbors(t) {
    var n = this.predecessors(t);
    if (n) {
      const i = new Set(n);
      for (var r of this.successors(t))
        i.add(r);
      return Array.from(i.values());
    }
  }
  isLeaf(t) {
    var n;
    return this.isDirected() ? n = this.successors(t) : n = this.neighbors(t), n.length === 0;
  }
  /**
   * Creates new graph with nodes filtered via filter. Edges incident to rejected node
   * are also removed. In case of compound graph, if parent is rejected by filter,
   * than all its children are rejected too.
   * Average-case complexity: O(|E|+|V|).
   */
  filterNodes(t) {
    var n = new this.constructor({
      directed: this._isDirected,
      multigraph: this._isMultigraph,
      compound: this._isCompound
    });
    n.setGraph(this.graph());
    var r = this;
    Object.entries(this._nodes).forEach(function([s, l]) {
      t(s) && n.setNode(s, l);
    }), Object.values(this._edgeObjs).forEach(function(s) {
      n.hasNode(s.v) && n.hasNode(s.w) && n.setEdge(s, r.edge(s));
    });
    var i = {};
    function o(s) {
      var l = r.parent(s);
      return l === void 0 || n.hasNode(l) ? (i[s] = l, l) : l in i ? i[l] : o(l);
    }
    return this._isCompound && n.nodes().forEach((s) => n.setParent(s, o(s))), n;
  }
  /* === Edge functions ========== */
  /**
   * Sets the default edge label or factory function. This label will be
   * assigned as default label in case if no label was specified while setting
   * an edge or this function will be invoked each time when setting an edge
   * with no label specified and returned value * will be used as a label for edge.
   * Complexity: O(1).
   */
  setDefaultEdgeLabel(t) {
    return this._defaultEdgeLabelFn = t, typeof t != "function" && (this._defaultEdgeLabelFn = () => t), this;
  }
  /**
   * Gets the number of edges in the graph.
   * Complexity: O(1).
   */
  edgeCount() {
    return this._edgeCount;
  }
  /**
   * Gets edges of the graph. In case of compound graph subgraphs are not considered.
   * Complexity: O(|E|).
   */
  edges() {
    return Object.values(this._edgeObjs);
  }
  /**
   * Establish an edges path over the nodes in nodes list. If some edge is already
   * exists, it will update its label, otherwise it will create an edge between pair
   * of nodes with label provided or default label if no label provided.
   * Complexity: O(|nodes|).
   */
  setPath(t, n) {
    var r = this, i = arguments;
    return t.reduce(function(o, s) {
      return i.length > 1 ? r.setEdge(o, s, n) : r.setEdge(o, s), s;
    }), this;
  }
  /**
   * Creates or updates the label for the edge (v, w) with the optionally supplied
   * name. If label is supplied it is set as the value for the edge. If label is not
   * supplied and the edge was created by this call then the default edge label will
   * be assigned. The name parameter is only useful with multigraphs.
   */
  setEdge() {
    var t, n, r, i, o = !1, s = arguments[0];
    typeof s == "object" && s !== null && "v" in s ? (t = s.v, n = s.w, r = s.name, arguments.length === 2 && (i = arguments[1], o = !0)) : (t = s, n = arguments[1], r = arguments[3], arguments.length > 2 && (i = arguments[2], o = !0)), t = "" + t, n = "" + n, r !== void 0 && (r = "" + r);
    var l = di(this._isDirected, t, n, r);
    if (Object.hasOwn(this._edgeLabels, l))
      return o && (this._edgeLabels[l] = i), this;
    if (r !== void 0 && !this._isMultigraph)
      throw new Error("Cannot set a named edge when isMultigraph = false");
    this.setNode(t), this.setNode(n), this._edgeLabels[l] = o ? i : this._defaultEdgeLabelFn(t, n, r);
    var a = FC(this._isDirected, t, n, r);
    return t = a.v, n = a.w, Object.freeze(a), this._edgeObjs[l] = a, Eh(this._preds[n], t), Eh(this._sucs[t], n), this._in[n][l] = a, this._out[t][l] = a, this._edgeCount++, this;
  }
  /**
   * Gets the label for the specified edge.
   * Complexity: O(1).
   */
  edge(t, n, r) {
    var i = arguments.length === 1 ? ua(this._isDirected, arguments[0]) : di(this._isDirected, t, n, r);
    return this._edgeLabels[i];
  }
  /**
   * Gets the label for the specified edge and converts it to an object.
   * Complexity: O(1)
   */
  edgeAsObj() {
    const t = this.edge(...arguments);
    return typeof t != "object" ? { label: t } : t;
  }
  /**
   * Detects whether the graph contains specified edge or not. No subgraphs are considered.
   * Complexity: O(1).
   */
  hasEdge(t, n, r) {
    var i = arguments.length === 1 ? ua(this._isDirected, arguments[0]) : di(this._isDirected, t, n, r);
    return Object.hasOwn(this._edgeLabels, i);
  }
  /**
   * Removes the specified edge from the graph. No subgraphs are considered.
   * Complexity: O(1).
   */
  removeEdge(t, n, r) {
    var i = arguments.length === 1 ? ua(this._isDirected, arguments[0]) : di(this._isDirected, t, n, r), o = this._edgeObjs[i];
    return o && (t = o.v, n = o.w, delete this._edgeLabels[i], delete this._edgeObjs[i], _h(this._preds[n], t), _h(this._sucs[t], n), delete this._in[n][i], delete this._out[t][i], this._edgeCount--), this;
  }
  /**
   * Return all edges that point to the node v. Optionally filters those edges down to just those
   * coming from node u. Behavior is undefined for undirected graphs - use nodeEdges instead.
   * Complexity: O(|E|).
   */
  inEdges(t, n) {
    var r = this._in[t];
    if (r) {
      var i = Object.values(r);
      return n ? i.filter((o) => o.v === n) : i;
    }
  }
  /**
   * Return all edges that are pointed at by node v. Optionally filters those edges down to just
   * those point to w. Behavior is undefined for undirected graphs - use nodeEdges instead.
   * Complexity: O(|E|).
   */
  outEdges(t, n) {
    var r = this._out[t];
    if (r) {
      var i = Object.values(r);
      return n ? i.filter((o) => o.w === n) : i;
    }
  }
  /**
   * Returns all edges to or from node v regardless of direction. Optionally filters those edges
   * down to just those between nodes v and w regardless of direction.
   * Complexity: O(|E|).
   */
  nodeEdges(t, n) {
    var r = this.inEdges(t, n);
    if (r)
      return r.concat(this.outEdges(t, n));
  }
};
function Eh(e, t) {
  e[t] ? e[t]++ : e[t] = 1;
}
function _h(e, t) {
  --e[t] || delete e[t];
}
function di(e, t, n, r) {
  var i = "" + t, o = "" + n;
  if (!e && i > o) {
    var s = i;
    i = o, o = s;
  }
  return i + xh + o + xh + (r === void 0 ? DC : r);
}
function FC(e, t, n, r) {
  var i = "" + t, o = "" + n;
  if (!e && i > o) {
    var s = i;
    i = o, o = s;
  }
  var l = { v: i, w: o };
  return r && (l.name = r), l;
}
function ua(e, t) {
  return di(e, t.v, t.w, t.name);
}
var Bc = AC, HC = "2.2.4", VC = {
  Graph: Bc,
  version: HC
}, BC = Bc, WC = {
  write: UC,
  read: GC
};
function UC(e) {
  var t = {
    options: {
      directed: e.isDirected(),
      multigraph: e.isMultigraph(),
      compound: e.isCompound()
    },
    nodes: YC(e),
    edges: XC(e)
  };
  return e.graph() !== void 0 && (t.value = structuredClone(e.graph())), t;
}
function YC(e) {
  return e.nodes().map(function(t) {
    var n = e.node(t), r = e.parent(t), i = { v: t };
    return n !== void 0 && (i.value = n), r !== void 0 && (i.parent = r), i;
  });
}
function XC(e) {
  return e.edges().map(function(t) {
    var n = e.edge(t), r = { v: t.v, w: t.w };
    return t.name !== void 0 && (r.name = t.name), n !== void 0 && (r.value = n), r;
  });
}
function GC(e) {
  var t = new BC(e.options).setGraph(e.value);
  return e.nodes.forEach(function(n) {
    t.setNode(n.v, n.value), n.parent && t.setParent(n.v, n.parent);
  }), e.edges.forEach(function(n) {
    t.setEdge({ v: n.v, w: n.w, name: n.name }, n.value);
  }), t;
}
var QC = KC;
function KC(e) {
  var t = {}, n = [], r;
  function i(o) {
    Object.hasOwn(t, o) || (t[o] = !0, r.push(o), e.successors(o).forEach(i), e.predecessors(o).forEach(i));
  }
  return e.nodes().forEach(function(o) {
    r = [], i(o), r.length && n.push(r);
  }), n;
}
let ZC = class {
  constructor() {
    xe(this, "_arr", []);
    xe(this, "_keyIndices", {});
  }
  /**
   * Returns the number of elements in the queue. Takes `O(1)` time.
   */
  size() {
    return this._arr.length;
  }
  /**
   * Returns the keys that are in the queue. Takes `O(n)` time.
   */
  keys() {
    return this._arr.map(function(t) {
      return t.key;
    });
  }
  /**
   * Returns `true` if **key** is in the queue and `false` if not.
   */
  has(t) {
    return Object.hasOwn(this._keyIndices, t);
  }
  /**
   * Returns the priority for **key**. If **key** is not present in the queue
   * then this function returns `undefined`. Takes `O(1)` time.
   *
   * @param {Object} key
   */
  priority(t) {
    var n = this._keyIndices[t];
    if (n !== void 0)
      return this._arr[n].priority;
  }
  /**
   * Returns the key for the minimum element in this queue. If the queue is
   * empty this function throws an Error. Takes `O(1)` time.
   */
  min() {
    if (this.size() === 0)
      throw new Error("Queue underflow");
    return this._arr[0].key;
  }
  /**
   * Inserts a new key into the priority queue. If the key already exists in
   * the queue this function returns `false`; otherwise it will return `true`.
   * Takes `O(n)` time.
   *
   * @param {Object} key the key to add
   * @param {Number} priority the initial priority for the key
   */
  add(t, n) {
    var r = this._keyIndices;
    if (t = String(t), !Object.hasOwn(r, t)) {
      var i = this._arr, o = i.length;
      return r[t] = o, i.push({ key: t, priority: n }), this._decrease(o), !0;
    }
    return !1;
  }
  /**
   * Removes and returns the smallest key in the queue. Takes `O(log n)` time.
   */
  removeMin() {
    this._swap(0, this._arr.length - 1);
    var t = this._arr.pop();
    return delete this._keyIndices[t.key], this._heapify(0), t.key;
  }
  /**
   * Decreases the priority for **key** to **priority**. If the new priority is
   * greater than the previous priority, this function will throw an Error.
   *
   * @param {Object} key the key for which to raise priority
   * @param {Number} priority the new priority for the key
   */
  decrease(t, n) {
    var r = this._keyIndices[t];
    if (n > this._arr[r].priority)
      throw new Error("New priority is greater than current priority. Key: " + t + " Old: " + this._arr[r].priority + " New: " + n);
    this._arr[r].priority = n, this._decrease(r);
  }
  _heapify(t) {
    var n = this._arr, r = 2 * t, i = r + 1, o = t;
    r < n.length && (o = n[r].priority < n[o].priority ? r : o, i < n.length && (o = n[i].priority < n[o].priority ? i : o), o !== t && (this._swap(t, o), this._heapify(o)));
  }
  _decrease(t) {
    for (var n = this._arr, r = n[t].priority, i; t !== 0 && (i = t >> 1, !(n[i].priority < r)); )
      this._swap(t, i), t = i;
  }
  _swap(t, n) {
    var r = this._arr, i = this._keyIndices, o = r[t], s = r[n];
    r[t] = s, r[n] = o, i[s.key] = t, i[o.key] = n;
  }
};
var ay = ZC, qC = ay, uy = eM, JC = () => 1;
function eM(e, t, n, r) {
  return tM(
    e,
    String(t),
    n || JC,
    r || function(i) {
      return e.outEdges(i);
    }
  );
}
function tM(e, t, n, r) {
  var i = {}, o = new qC(), s, l, a = function(u) {
    var c = u.v !== s ? u.v : u.w, d = i[c], f = n(u), p = l.distance + f;
    if (f < 0)
      throw new Error("dijkstra does not allow negative edge weights. Bad edge: " + u + " Weight: " + f);
    p < d.distance && (d.distance = p, d.predecessor = s, o.decrease(c, p));
  };
  for (e.nodes().forEach(function(u) {
    var c = u === t ? 0 : Number.POSITIVE_INFINITY;
    i[u] = { distance: c }, o.add(u, c);
  }); o.size() > 0 && (s = o.removeMin(), l = i[s], l.distance !== Number.POSITIVE_INFINITY); )
    r(s).forEach(a);
  return i;
}
var nM = uy, rM = iM;
function iM(e, t, n) {
  return e.nodes().reduce(function(r, i) {
    return r[i] = nM(e, i, t, n), r;
  }, {});
}
var cy = oM;
function oM(e) {
  var t = 0, n = [], r = {}, i = [];
  function o(s) {
    var l = r[s] = {
      onStack: !0,
      lowlink: t,
      index: t++
    };
    if (n.push(s), e.successors(s).forEach(function(c) {
      Object.hasOwn(r, c) ? r[c].onStack && (l.lowlink = Math.min(l.lowlink, r[c].index)) : (o(c), l.lowlink = Math.min(l.lowlink, r[c].lowlink));
    }), l.lowlink === l.index) {
      var a = [], u;
      do
        u = n.pop(), r[u].onStack = !1, a.push(u);
      while (s !== u);
      i.push(a);
    }
  }
  return e.nodes().forEach(function(s) {
    Object.hasOwn(r, s) || o(s);
  }), i;
}
var sM = cy, lM = aM;
function aM(e) {
  return sM(e).filter(function(t) {
    return t.length > 1 || t.length === 1 && e.hasEdge(t[0], t[0]);
  });
}
var uM = fM, cM = () => 1;
function fM(e, t, n) {
  return dM(
    e,
    t || cM,
    n || function(r) {
      return e.outEdges(r);
    }
  );
}
function dM(e, t, n) {
  var r = {}, i = e.nodes();
  return i.forEach(function(o) {
    r[o] = {}, r[o][o] = { distance: 0 }, i.forEach(function(s) {
      o !== s && (r[o][s] = { distance: Number.POSITIVE_INFINITY });
    }), n(o).forEach(function(s) {
      var l = s.v === o ? s.w : s.v, a = t(s);
      r[o][l] = { distance: a, predecessor: o };
    });
  }), i.forEach(function(o) {
    var s = r[o];
    i.forEach(function(l) {
      var a = r[l];
      i.forEach(function(u) {
        var c = a[o], d = s[u], f = a[u], p = c.distance + d.distance;
        p < f.distance && (f.distance = p, f.predecessor = d.predecessor);
      });
    });
  }), r;
}
function fy(e) {
  var t = {}, n = {}, r = [];
  function i(o) {
    if (Object.hasOwn(n, o))
      throw new Su();
    Object.hasOwn(t, o) || (n[o] = !0, t[o] = !0, e.predecessors(o).forEach(i), delete n[o], r.push(o));
  }
  if (e.sinks().forEach(i), Object.keys(t).length !== e.nodeCount())
    throw new Su();
  return r;
}
class Su extends Error {
  constructor() {
    super(...arguments);
  }
}
var dy = fy;
fy.CycleException = Su;
var Sh = dy, hM = pM;
function pM(e) {
  try {
    Sh(e);
  } catch (t) {
    if (t instanceof Sh.CycleException)
      return !1;
    throw t;
  }
  return !0;
}
var hy = gM;
function gM(e, t, n) {
  Array.isArray(t) || (t = [t]);
  var r = e.isDirected() ? (l) => e.successors(l) : (l) => e.neighbors(l), i = n === "post" ? mM : yM, o = [], s = {};
  return t.forEach((l) => {
    if (!e.hasNode(l))
      throw new Error("Graph does not have node: " + l);
    i(l, r, s, o);
  }), o;
}
function mM(e, t, n, r) {
  for (var i = [[e, !1]]; i.length > 0; ) {
    var o = i.pop();
    o[1] ? r.push(o[0]) : Object.hasOwn(n, o[0]) || (n[o[0]] = !0, i.push([o[0], !0]), py(t(o[0]), (s) => i.push([s, !1])));
  }
}
function yM(e, t, n, r) {
  for (var i = [e]; i.length > 0; ) {
    var o = i.pop();
    Object.hasOwn(n, o) || (n[o] = !0, r.push(o), py(t(o), (s) => i.push(s)));
  }
}
function py(e, t) {
  for (var n = e.length; n--; )
    t(e[n], n, e);
  return e;
}
var vM = hy, wM = xM;
function xM(e, t) {
  return vM(e, t, "post");
}
var EM = hy, _M = SM;
function SM(e, t) {
  return EM(e, t, "pre");
}
var kM = Bc, NM = ay, CM = MM;
function MM(e, t) {
  var n = new kM(), r = {}, i = new NM(), o;
  function s(a) {
    var u = a.v === o ? a.w : a.v, c = i.priority(u);
    if (c !== void 0) {
      var d = t(a);
      d < c && (r[u] = o, i.decrease(u, d));
    }
  }
  if (e.nodeCount() === 0)
    return n;
  e.nodes().forEach(function(a) {
    i.add(a, Number.POSITIVE_INFINITY), n.setNode(a);
  }), i.decrease(e.nodes()[0], 0);
  for (var l = !1; i.size() > 0; ) {
    if (o = i.removeMin(), Object.hasOwn(r, o))
      n.setEdge(o, r[o]);
    else {
      if (l)
        throw new Error("Input graph is not connected: " + e);
      l = !0;
    }
    e.nodeEdges(o).forEach(s);
  }
  return n;
}
var IM = {
  components: QC,
  dijkstra: uy,
  dijkstraAll: rM,
  findCycles: lM,
  floydWarshall: uM,
  isAcyclic: hM,
  postorder: wM,
  preorder: _M,
  prim: CM,
  tarjan: cy,
  topsort: dy
}, kh = VC, kt = {
  Graph: kh.Graph,
  json: WC,
  alg: IM,
  version: kh.version
};
let PM = class {
  constructor() {
    let t = {};
    t._next = t._prev = t, this._sentinel = t;
  }
  dequeue() {
    let t = this._sentinel, n = t._prev;
    if (n !== t)
      return Nh(n), n;
  }
  enqueue(t) {
    let n = this._sentinel;
    t._prev && t._next && Nh(t), t._next = n._next, n._next._prev = t, n._next = t, t._prev = n;
  }
  toString() {
    let t = [], n = this._sentinel, r = n._prev;
    for (; r !== n; )
      t.push(JSON.stringify(r, $M)), r = r._prev;
    return "[" + t.join(", ") + "]";
  }
};
function Nh(e) {
  e._prev._next = e._next, e._next._prev = e._prev, delete e._next, delete e._prev;
}
function $M(e, t) {
  if (e !== "_next" && e !== "_prev")
    return t;
}
var TM = PM;
let bM = kt.Graph, LM = TM;
var zM = jM;
let OM = () => 1;
function jM(e, t) {
  if (e.nodeCount() <= 1)
    return [];
  let n = DM(e, t || OM);
  return RM(n.graph, n.buckets, n.zeroIdx).flatMap((i) => e.outEdges(i.v, i.w));
}
function RM(e, t, n) {
  let r = [], i = t[t.length - 1], o = t[0], s;
  for (; e.nodeCount(); ) {
    for (; s = o.dequeue(); )
      ca(e, t, n, s);
    for (; s = i.dequeue(); )
      ca(e, t, n, s);
    if (e.nodeCount()) {
      for (let l = t.length - 2; l > 0; --l)
        if (s = t[l].dequeue(), s) {
          r = r.concat(ca(e, t, n, s, !0));
          break;
        }
    }
  }
  return r;
}
function ca(e, t, n, r, i) {
  let o = i ? [] : void 0;
  return e.inEdges(r.v).forEach((s) => {
    let l = e.edge(s), a = e.node(s.v);
    i && o.push({ v: s.v, w: s.w }), a.out -= l, ku(t, n, a);
  }), e.outEdges(r.v).forEach((s) => {
    let l = e.edge(s), a = s.w, u = e.node(a);
    u.in -= l, ku(t, n, u);
  }), e.removeNode(r.v), o;
}
function DM(e, t) {
  let n = new bM(), r = 0, i = 0;
  e.nodes().forEach((l) => {
    n.setNode(l, { v: l, in: 0, out: 0 });
  }), e.edges().forEach((l) => {
    let a = n.edge(l.v, l.w) || 0, u = t(l), c = a + u;
    n.setEdge(l.v, l.w, c), i = Math.max(i, n.node(l.v).out += u), r = Math.max(r, n.node(l.w).in += u);
  });
  let o = AM(i + r + 3).map(() => new LM()), s = r + 1;
  return n.nodes().forEach((l) => {
    ku(o, s, n.node(l));
  }), { graph: n, buckets: o, zeroIdx: s };
}
function ku(e, t, n) {
  n.out ? n.in ? e[n.out - n.in + t].enqueue(n) : e[e.length - 1].enqueue(n) : e[0].enqueue(n);
}
function AM(e) {
  const t = [];
  for (let n = 0; n < e; n++)
    t.push(n);
  return t;
}
let gy = kt.Graph;
var _e = {
  addBorderNode: GM,
  addDummyNode: my,
  applyWithChunking: yl,
  asNonCompoundGraph: HM,
  buildLayerMatrix: UM,
  intersectRect: WM,
  mapValues: t3,
  maxRank: vy,
  normalizeRanks: YM,
  notime: qM,
  partition: KM,
  pick: e3,
  predecessorWeights: BM,
  range: xy,
  removeEmptyRanks: XM,
  simplify: FM,
  successorWeights: VM,
  time: ZM,
  uniqueId: wy,
  zipObject: Wc
};
function my(e, t, n, r) {
  for (var i = r; e.hasNode(i); )
    i = wy(r);
  return n.dummy = t, e.setNode(i, n), i;
}
function FM(e) {
  let t = new gy().setGraph(e.graph());
  return e.nodes().forEach((n) => t.setNode(n, e.node(n))), e.edges().forEach((n) => {
    let r = t.edge(n.v, n.w) || { weight: 0, minlen: 1 }, i = e.edge(n);
    t.setEdge(n.v, n.w, {
      weight: r.weight + i.weight,
      minlen: Math.max(r.minlen, i.minlen)
    });
  }), t;
}
function HM(e) {
  let t = new gy({ multigraph: e.isMultigraph() }).setGraph(e.graph());
  return e.nodes().forEach((n) => {
    e.children(n).length || t.setNode(n, e.node(n));
  }), e.edges().forEach((n) => {
    t.setEdge(n, e.edge(n));
  }), t;
}
function VM(e) {
  let t = e.nodes().map((n) => {
    let r = {};
    return e.outEdges(n).forEach((i) => {
      r[i.w] = (r[i.w] || 0) + e.edge(i).weight;
    }), r;
  });
  return Wc(e.nodes(), t);
}
function BM(e) {
  let t = e.nodes().map((n) => {
    let r = {};
    return e.inEdges(n).forEach((i) => {
      r[i.v] = (r[i.v] || 0) + e.edge(i).weight;
    }), r;
  });
  return Wc(e.nodes(), t);
}
function WM(e, t) {
  let n = e.x, r = e.y, i = t.x - n, o = t.y - r, s = e.width / 2, l = e.height / 2;
  if (!i && !o)
    throw new Error("Not possible to find intersection inside of the rectangle");
  let a, u;
  return Math.abs(o) * s > Math.abs(i) * l ? (o < 0 && (l = -l), a = l * i / o, u = l) : (i < 0 && (s = -s), a = s, u = s * o / i), { x: n + a, y: r + u };
}
function UM(e) {
  let t = xy(vy(e) + 1).map(() => []);
  return e.nodes().forEach((n) => {
    let r = e.node(n), i = r.rank;
    i !== void 0 && (t[i][r.order] = n);
  }), t;
}
function YM(e) {
  let t = e.nodes().map((r) => {
    let i = e.node(r).rank;
    return i === void 0 ? Number.MAX_VALUE : i;
  }), n = yl(Math.min, t);
  e.nodes().forEach((r) => {
    let i = e.node(r);
    Object.hasOwn(i, "rank") && (i.rank -= n);
  });
}
function XM(e) {
  let t = e.nodes().map((s) => e.node(s).rank), n = yl(Math.min, t), r = [];
  e.nodes().forEach((s) => {
    let l = e.node(s).rank - n;
    r[l] || (r[l] = []), r[l].push(s);
  });
  let i = 0, o = e.graph().nodeRankFactor;
  Array.from(r).forEach((s, l) => {
    s === void 0 && l % o !== 0 ? --i : s !== void 0 && i && s.forEach((a) => e.node(a).rank += i);
  });
}
function GM(e, t, n, r) {
  let i = {
    width: 0,
    height: 0
  };
  return arguments.length >= 4 && (i.rank = n, i.order = r), my(e, "border", i, t);
}
function QM(e, t = yy) {
  const n = [];
  for (let r = 0; r < e.length; r += t) {
    const i = e.slice(r, r + t);
    n.push(i);
  }
  return n;
}
const yy = 65535;
function yl(e, t) {
  if (t.length > yy) {
    const n = QM(t);
    return e.apply(null, n.map((r) => e.apply(null, r)));
  } else
    return e.apply(null, t);
}
function vy(e) {
  const n = e.nodes().map((r) => {
    let i = e.node(r).rank;
    return i === void 0 ? Number.MIN_VALUE : i;
  });
  return yl(Math.max, n);
}
function KM(e, t) {
  let n = { lhs: [], rhs: [] };
  return e.forEach((r) => {
    t(r) ? n.lhs.push(r) : n.rhs.push(r);
  }), n;
}
function ZM(e, t) {
  let n = Date.now();
  try {
    return t();
  } finally {
    console.log(e + " time: " + (Date.now() - n) + "ms");
  }
}
function qM(e, t) {
  return t();
}
let JM = 0;
function wy(e) {
  var t = ++JM;
  return e + ("" + t);
}
function xy(e, t, n = 1) {
  t == null && (t = e, e = 0);
  let r = (o) => o < t;
  n < 0 && (r = (o) => t < o);
  const i = [];
  for (let o = e; r(o); o += n)
    i.push(o);
  return i;
}
function e3(e, t) {
  const n = {};
  for (const r of t)
    e[r] !== void 0 && (n[r] = e[r]);
  return n;
}
function t3(e, t) {
  let n = t;
  return typeof t == "string" && (n = (r) => r[t]), Object.entries(e).reduce((r, [i, o]) => (r[i] = n(o, i), r), {});
}
function Wc(e, t) {
  return e.reduce((n, r, i) => (n[r] = t[i], n), {});
}
let n3 = zM, r3 = _e.uniqueId;
var i3 = {
  run: o3,
  undo: l3
};
function o3(e) {
  (e.graph().acyclicer === "greedy" ? n3(e, n(e)) : s3(e)).forEach((r) => {
    let i = e.edge(r);
    e.removeEdge(r), i.forwardName = r.name, i.reversed = !0, e.setEdge(r.w, r.v, i, r3("rev"));
  });
  function n(r) {
    return (i) => r.edge(i).weight;
  }
}
function s3(e) {
  let t = [], n = {}, r = {};
  function i(o) {
    Object.hasOwn(r, o) || (r[o] = !0, n[o] = !0, e.outEdges(o).forEach((s) => {
      Object.hasOwn(n, s.w) ? t.push(s) : i(s.w);
    }), delete n[o]);
  }
  return e.nodes().forEach(i), t;
}
function l3(e) {
  e.edges().forEach((t) => {
    let n = e.edge(t);
    if (n.reversed) {
      e.removeEdge(t);
      let r = n.forwardName;
      delete n.reversed, delete n.forwardName, e.setEdge(t.w, t.v, n, r);
    }
  });
}
let a3 = _e;
var u3 = {
  run: c3,
  undo: d3
};
function c3(e) {
  e.graph().dummyChains = [], e.edges().forEach((t) => f3(e, t));
}
function f3(e, t) {
  let n = t.v, r = e.node(n).rank, i = t.w, o = e.node(i).rank, s = t.name, l = e.edge(t), a = l.labelRank;
  if (o === r + 1) return;
  e.removeEdge(t);
  let u, c, d;
  for (d = 0, ++r; r < o; ++d, ++r)
    l.points = [], c = {
      width: 0,
      height: 0,
      edgeLabel: l,
      edgeObj: t,
      rank: r
    }, u = a3.addDummyNode(e, "edge", c, "_d"), r === a && (c.width = l.width, c.height = l.height, c.dummy = "edge-label", c.labelpos = l.labelpos), e.setEdge(n, u, { weight: l.weight }, s), d === 0 && e.graph().dummyChains.push(u), n = u;
  e.setEdge(n, i, { weight: l.weight }, s);
}
function d3(e) {
  e.graph().dummyChains.forEach((t) => {
    let n = e.node(t), r = n.edgeLabel, i;
    for (e.setEdge(n.edgeObj, r); n.dummy; )
      i = e.successors(t)[0], e.removeNode(t), r.points.push({ x: n.x, y: n.y }), n.dummy === "edge-label" && (r.x = n.x, r.y = n.y, r.width = n.width, r.height = n.height), t = i, n = e.node(t);
  });
}
const { applyWithChunking: h3 } = _e;
var vl = {
  longestPath: p3,
  slack: g3
};
function p3(e) {
  var t = {};
  function n(r) {
    var i = e.node(r);
    if (Object.hasOwn(t, r))
      return i.rank;
    t[r] = !0;
    let o = e.outEdges(r).map((l) => l == null ? Number.POSITIVE_INFINITY : n(l.w) - e.edge(l).minlen);
    var s = h3(Math.min, o);
    return s === Number.POSITIVE_INFINITY && (s = 0), i.rank = s;
  }
  e.sources().forEach(n);
}
function g3(e, t) {
  return e.node(t.w).rank - e.node(t.v).rank - e.edge(t).minlen;
}
var m3 = kt.Graph, Os = vl.slack, Ey = y3;
function y3(e) {
  var t = new m3({ directed: !1 }), n = e.nodes()[0], r = e.nodeCount();
  t.setNode(n, {});
  for (var i, o; v3(t, e) < r; )
    i = w3(t, e), o = t.hasNode(i.v) ? Os(e, i) : -Os(e, i), x3(t, e, o);
  return t;
}
function v3(e, t) {
  function n(r) {
    t.nodeEdges(r).forEach((i) => {
      var o = i.v, s = r === o ? i.w : o;
      !e.hasNode(s) && !Os(t, i) && (e.setNode(s, {}), e.setEdge(r, s, {}), n(s));
    });
  }
  return e.nodes().forEach(n), e.nodeCount();
}
function w3(e, t) {
  return t.edges().reduce((r, i) => {
    let o = Number.POSITIVE_INFINITY;
    return e.hasNode(i.v) !== e.hasNode(i.w) && (o = Os(t, i)), o < r[0] ? [o, i] : r;
  }, [Number.POSITIVE_INFINITY, null])[1];
}
function x3(e, t, n) {
  e.nodes().forEach((r) => t.node(r).rank += n);
}
var E3 = Ey, Ch = vl.slack, _3 = vl.longestPath, S3 = kt.alg.preorder, k3 = kt.alg.postorder, N3 = _e.simplify, C3 = nr;
nr.initLowLimValues = Yc;
nr.initCutValues = Uc;
nr.calcCutValue = _y;
nr.leaveEdge = ky;
nr.enterEdge = Ny;
nr.exchangeEdges = Cy;
function nr(e) {
  e = N3(e), _3(e);
  var t = E3(e);
  Yc(t), Uc(t, e);
  for (var n, r; n = ky(t); )
    r = Ny(t, e, n), Cy(t, e, n, r);
}
function Uc(e, t) {
  var n = k3(e, e.nodes());
  n = n.slice(0, n.length - 1), n.forEach((r) => M3(e, t, r));
}
function M3(e, t, n) {
  var r = e.node(n), i = r.parent;
  e.edge(n, i).cutvalue = _y(e, t, n);
}
function _y(e, t, n) {
  var r = e.node(n), i = r.parent, o = !0, s = t.edge(n, i), l = 0;
  return s || (o = !1, s = t.edge(i, n)), l = s.weight, t.nodeEdges(n).forEach((a) => {
    var u = a.v === n, c = u ? a.w : a.v;
    if (c !== i) {
      var d = u === o, f = t.edge(a).weight;
      if (l += d ? f : -f, P3(e, n, c)) {
        var p = e.edge(n, c).cutvalue;
        l += d ? -p : p;
      }
    }
  }), l;
}
function Yc(e, t) {
  arguments.length < 2 && (t = e.nodes()[0]), Sy(e, {}, 1, t);
}
function Sy(e, t, n, r, i) {
  var o = n, s = e.node(r);
  return t[r] = !0, e.neighbors(r).forEach((l) => {
    Object.hasOwn(t, l) || (n = Sy(e, t, n, l, r));
  }), s.low = o, s.lim = n++, i ? s.parent = i : delete s.parent, n;
}
function ky(e) {
  return e.edges().find((t) => e.edge(t).cutvalue < 0);
}
function Ny(e, t, n) {
  var r = n.v, i = n.w;
  t.hasEdge(r, i) || (r = n.w, i = n.v);
  var o = e.node(r), s = e.node(i), l = o, a = !1;
  o.lim > s.lim && (l = s, a = !0);
  var u = t.edges().filter((c) => a === Mh(e, e.node(c.v), l) && a !== Mh(e, e.node(c.w), l));
  return u.reduce((c, d) => Ch(t, d) < Ch(t, c) ? d : c);
}
function Cy(e, t, n, r) {
  var i = n.v, o = n.w;
  e.removeEdge(i, o), e.setEdge(r.v, r.w, {}), Yc(e), Uc(e, t), I3(e, t);
}
function I3(e, t) {
  var n = e.nodes().find((i) => !t.node(i).parent), r = S3(e, n);
  r = r.slice(1), r.forEach((i) => {
    var o = e.node(i).parent, s = t.edge(i, o), l = !1;
    s || (s = t.edge(o, i), l = !0), t.node(i).rank = t.node(o).rank + (l ? s.minlen : -s.minlen);
  });
}
function P3(e, t, n) {
  return e.hasEdge(t, n);
}
function Mh(e, t, n) {
  return n.low <= t.lim && t.lim <= n.lim;
}
var $3 = vl, My = $3.longestPath, T3 = Ey, b3 = C3, L3 = z3;
function z3(e) {
  var t = e.graph().ranker;
  if (t instanceof Function)
    return t(e);
  switch (e.graph().ranker) {
    case "network-simplex":
      Ih(e);
      break;
    case "tight-tree":
      j3(e);
      break;
    case "longest-path":
      O3(e);
      break;
    case "none":
      break;
    default:
      Ih(e);
  }
}
var O3 = My;
function j3(e) {
  My(e), T3(e);
}
function Ih(e) {
  b3(e);
}
var R3 = D3;
function D3(e) {
  let t = F3(e);
  e.graph().dummyChains.forEach((n) => {
    let r = e.node(n), i = r.edgeObj, o = A3(e, t, i.v, i.w), s = o.path, l = o.lca, a = 0, u = s[a], c = !0;
    for (; n !== i.w; ) {
      if (r = e.node(n), c) {
        for (; (u = s[a]) !== l && e.node(u).maxRank < r.rank; )
          a++;
        u === l && (c = !1);
      }
      if (!c) {
        for (; a < s.length - 1 && e.node(u = s[a + 1]).minRank <= r.rank; )
          a++;
        u = s[a];
      }
      e.setParent(n, u), n = e.successors(n)[0];
    }
  });
}
function A3(e, t, n, r) {
  let i = [], o = [], s = Math.min(t[n].low, t[r].low), l = Math.max(t[n].lim, t[r].lim), a, u;
  a = n;
  do
    a = e.parent(a), i.push(a);
  while (a && (t[a].low > s || l > t[a].lim));
  for (u = a, a = r; (a = e.parent(a)) !== u; )
    o.push(a);
  return { path: i.concat(o.reverse()), lca: u };
}
function F3(e) {
  let t = {}, n = 0;
  function r(i) {
    let o = n;
    e.children(i).forEach(r), t[i] = { low: o, lim: n++ };
  }
  return e.children().forEach(r), t;
}
let js = _e;
var H3 = {
  run: V3,
  cleanup: U3
};
function V3(e) {
  let t = js.addDummyNode(e, "root", {}, "_root"), n = B3(e), r = Object.values(n), i = js.applyWithChunking(Math.max, r) - 1, o = 2 * i + 1;
  e.graph().nestingRoot = t, e.edges().forEach((l) => e.edge(l).minlen *= o);
  let s = W3(e) + 1;
  e.children().forEach((l) => Iy(e, t, o, s, i, n, l)), e.graph().nodeRankFactor = o;
}
function Iy(e, t, n, r, i, o, s) {
  let l = e.children(s);
  if (!l.length) {
    s !== t && e.setEdge(t, s, { weight: 0, minlen: n });
    return;
  }
  let a = js.addBorderNode(e, "_bt"), u = js.addBorderNode(e, "_bb"), c = e.node(s);
  e.setParent(a, s), c.borderTop = a, e.setParent(u, s), c.borderBottom = u, l.forEach((d) => {
    Iy(e, t, n, r, i, o, d);
    let f = e.node(d), p = f.borderTop ? f.borderTop : d, h = f.borderBottom ? f.borderBottom : d, v = f.borderTop ? r : 2 * r, E = p !== h ? 1 : i - o[s] + 1;
    e.setEdge(a, p, {
      weight: v,
      minlen: E,
      nestingEdge: !0
    }), e.setEdge(h, u, {
      weight: v,
      minlen: E,
      nestingEdge: !0
    });
  }), e.parent(s) || e.setEdge(t, a, { weight: 0, minlen: i + o[s] });
}
function B3(e) {
  var t = {};
  function n(r, i) {
    var o = e.children(r);
    o && o.length && o.forEach((s) => n(s, i + 1)), t[r] = i;
  }
  return e.children().forEach((r) => n(r, 1)), t;
}
function W3(e) {
  return e.edges().reduce((t, n) => t + e.edge(n).weight, 0);
}
function U3(e) {
  var t = e.graph();
  e.removeNode(t.nestingRoot), delete t.nestingRoot, e.edges().forEach((n) => {
    var r = e.edge(n);
    r.nestingEdge && e.removeEdge(n);
  });
}
let Y3 = _e;
var X3 = G3;
function G3(e) {
  function t(n) {
    let r = e.children(n), i = e.node(n);
    if (r.length && r.forEach(t), Object.hasOwn(i, "minRank")) {
      i.borderLeft = [], i.borderRight = [];
      for (let o = i.minRank, s = i.maxRank + 1; o < s; ++o)
        Ph(e, "borderLeft", "_bl", n, i, o), Ph(e, "borderRight", "_br", n, i, o);
    }
  }
  e.children().forEach(t);
}
function Ph(e, t, n, r, i, o) {
  let s = { width: 0, height: 0, rank: o, borderType: t }, l = i[t][o - 1], a = Y3.addDummyNode(e, "border", s, n);
  i[t][o] = a, e.setParent(a, r), l && e.setEdge(l, a, { weight: 1 });
}
var Q3 = {
  adjust: K3,
  undo: Z3
};
function K3(e) {
  let t = e.graph().rankdir.toLowerCase();
  (t === "lr" || t === "rl") && Py(e);
}
function Z3(e) {
  let t = e.graph().rankdir.toLowerCase();
  (t === "bt" || t === "rl") && q3(e), (t === "lr" || t === "rl") && (J3(e), Py(e));
}
function Py(e) {
  e.nodes().forEach((t) => $h(e.node(t))), e.edges().forEach((t) => $h(e.edge(t)));
}
function $h(e) {
  let t = e.width;
  e.width = e.height, e.height = t;
}
function q3(e) {
  e.nodes().forEach((t) => fa(e.node(t))), e.edges().forEach((t) => {
    let n = e.edge(t);
    n.points.forEach(fa), Object.hasOwn(n, "y") && fa(n);
  });
}
function fa(e) {
  e.y = -e.y;
}
function J3(e) {
  e.nodes().forEach((t) => da(e.node(t))), e.edges().forEach((t) => {
    let n = e.edge(t);
    n.points.forEach(da), Object.hasOwn(n, "x") && da(n);
  });
}
function da(e) {
  let t = e.x;
  e.x = e.y, e.y = t;
}
let Th = _e;
var eI = tI;
function tI(e) {
  let t = {}, n = e.nodes().filter((a) => !e.children(a).length), r = n.map((a) => e.node(a).rank), i = Th.applyWithChunking(Math.max, r), o = Th.range(i + 1).map(() => []);
  function s(a) {
    if (t[a]) return;
    t[a] = !0;
    let u = e.node(a);
    o[u.rank].push(a), e.successors(a).forEach(s);
  }
  return n.sort((a, u) => e.node(a).rank - e.node(u).rank).forEach(s), o;
}
let nI = _e.zipObject;
var rI = iI;
function iI(e, t) {
  let n = 0;
  for (let r = 1; r < t.length; ++r)
    n += oI(e, t[r - 1], t[r]);
  return n;
}
function oI(e, t, n) {
  let r = nI(n, n.map((u, c) => c)), i = t.flatMap((u) => e.outEdges(u).map((c) => ({ pos: r[c.w], weight: e.edge(c).weight })).sort((c, d) => c.pos - d.pos)), o = 1;
  for (; o < n.length; ) o <<= 1;
  let s = 2 * o - 1;
  o -= 1;
  let l = new Array(s).fill(0), a = 0;
  return i.forEach((u) => {
    let c = u.pos + o;
    l[c] += u.weight;
    let d = 0;
    for (; c > 0; )
      c % 2 && (d += l[c + 1]), c = c - 1 >> 1, l[c] += u.weight;
    a += u.weight * d;
  }), a;
}
var sI = lI;
function lI(e, t = []) {
  return t.map((n) => {
    let r = e.inEdges(n);
    if (r.length) {
      let i = r.reduce((o, s) => {
        let l = e.edge(s), a = e.node(s.v);
        return {
          sum: o.sum + l.weight * a.order,
          weight: o.weight + l.weight
        };
      }, { sum: 0, weight: 0 });
      return {
        v: n,
        barycenter: i.sum / i.weight,
        weight: i.weight
      };
    } else
      return { v: n };
  });
}
let aI = _e;
var uI = cI;
function cI(e, t) {
  let n = {};
  e.forEach((i, o) => {
    let s = n[i.v] = {
      indegree: 0,
      in: [],
      out: [],
      vs: [i.v],
      i: o
    };
    i.barycenter !== void 0 && (s.barycenter = i.barycenter, s.weight = i.weight);
  }), t.edges().forEach((i) => {
    let o = n[i.v], s = n[i.w];
    o !== void 0 && s !== void 0 && (s.indegree++, o.out.push(n[i.w]));
  });
  let r = Object.values(n).filter((i) => !i.indegree);
  return fI(r);
}
function fI(e) {
  let t = [];
  function n(i) {
    return (o) => {
      o.merged || (o.barycenter === void 0 || i.barycenter === void 0 || o.barycenter >= i.barycenter) && dI(i, o);
    };
  }
  function r(i) {
    return (o) => {
      o.in.push(i), --o.indegree === 0 && e.push(o);
    };
  }
  for (; e.length; ) {
    let i = e.pop();
    t.push(i), i.in.reverse().forEach(n(i)), i.out.forEach(r(i));
  }
  return t.filter((i) => !i.merged).map((i) => aI.pick(i, ["vs", "i", "barycenter", "weight"]));
}
function dI(e, t) {
  let n = 0, r = 0;
  e.weight && (n += e.barycenter * e.weight, r += e.weight), t.weight && (n += t.barycenter * t.weight, r += t.weight), e.vs = t.vs.concat(e.vs), e.barycenter = n / r, e.weight = r, e.i = Math.min(t.i, e.i), t.merged = !0;
}
let hI = _e;
var pI = gI;
function gI(e, t) {
  let n = hI.partition(e, (c) => Object.hasOwn(c, "barycenter")), r = n.lhs, i = n.rhs.sort((c, d) => d.i - c.i), o = [], s = 0, l = 0, a = 0;
  r.sort(mI(!!t)), a = bh(o, i, a), r.forEach((c) => {
    a += c.vs.length, o.push(c.vs), s += c.barycenter * c.weight, l += c.weight, a = bh(o, i, a);
  });
  let u = { vs: o.flat(!0) };
  return l && (u.barycenter = s / l, u.weight = l), u;
}
function bh(e, t, n) {
  let r;
  for (; t.length && (r = t[t.length - 1]).i <= n; )
    t.pop(), e.push(r.vs), n++;
  return n;
}
function mI(e) {
  return (t, n) => t.barycenter < n.barycenter ? -1 : t.barycenter > n.barycenter ? 1 : e ? n.i - t.i : t.i - n.i;
}
let yI = sI, vI = uI, wI = pI;
var xI = $y;
function $y(e, t, n, r) {
  let i = e.children(t), o = e.node(t), s = o ? o.borderLeft : void 0, l = o ? o.borderRight : void 0, a = {};
  s && (i = i.filter((f) => f !== s && f !== l));
  let u = yI(e, i);
  u.forEach((f) => {
    if (e.children(f.v).length) {
      let p = $y(e, f.v, n, r);
      a[f.v] = p, Object.hasOwn(p, "barycenter") && _I(f, p);
    }
  });
  let c = vI(u, n);
  EI(c, a);
  let d = wI(c, r);
  if (s && (d.vs = [s, d.vs, l].flat(!0), e.predecessors(s).length)) {
    let f = e.node(e.predecessors(s)[0]), p = e.node(e.predecessors(l)[0]);
    Object.hasOwn(d, "barycenter") || (d.barycenter = 0, d.weight = 0), d.barycenter = (d.barycenter * d.weight + f.order + p.order) / (d.weight + 2), d.weight += 2;
  }
  return d;
}
function EI(e, t) {
  e.forEach((n) => {
    n.vs = n.vs.flatMap((r) => t[r] ? t[r].vs : r);
  });
}
function _I(e, t) {
  e.barycenter !== void 0 ? (e.barycenter = (e.barycenter * e.weight + t.barycenter * t.weight) / (e.weight + t.weight), e.weight += t.weight) : (e.barycenter = t.barycenter, e.weight = t.weight);
}
let SI = kt.Graph, kI = _e;
var NI = CI;
function CI(e, t, n, r) {
  r || (r = e.nodes());
  let i = MI(e), o = new SI({ compound: !0 }).setGraph({ root: i }).setDefaultNodeLabel((s) => e.node(s));
  return r.forEach((s) => {
    let l = e.node(s), a = e.parent(s);
    (l.rank === t || l.minRank <= t && t <= l.maxRank) && (o.setNode(s), o.setParent(s, a || i), e[n](s).forEach((u) => {
      let c = u.v === s ? u.w : u.v, d = o.edge(c, s), f = d !== void 0 ? d.weight : 0;
      o.setEdge(c, s, { weight: e.edge(u).weight + f });
    }), Object.hasOwn(l, "minRank") && o.setNode(s, {
      borderLeft: l.borderLeft[t],
      borderRight: l.borderRight[t]
    }));
  }), o;
}
function MI(e) {
  for (var t; e.hasNode(t = kI.uniqueId("_root")); ) ;
  return t;
}
var II = PI;
function PI(e, t, n) {
  let r = {}, i;
  n.forEach((o) => {
    let s = e.parent(o), l, a;
    for (; s; ) {
      if (l = e.parent(s), l ? (a = r[l], r[l] = s) : (a = i, i = s), a && a !== s) {
        t.setEdge(a, s);
        return;
      }
      s = l;
    }
  });
}
let $I = eI, TI = rI, bI = xI, LI = NI, zI = II, OI = kt.Graph, Oo = _e;
var jI = Ty;
function Ty(e, t) {
  if (t && typeof t.customOrder == "function") {
    t.customOrder(e, Ty);
    return;
  }
  let n = Oo.maxRank(e), r = Lh(e, Oo.range(1, n + 1), "inEdges"), i = Lh(e, Oo.range(n - 1, -1, -1), "outEdges"), o = $I(e);
  if (zh(e, o), t && t.disableOptimalOrderHeuristic)
    return;
  let s = Number.POSITIVE_INFINITY, l;
  for (let a = 0, u = 0; u < 4; ++a, ++u) {
    RI(a % 2 ? r : i, a % 4 >= 2), o = Oo.buildLayerMatrix(e);
    let c = TI(e, o);
    c < s && (u = 0, l = Object.assign({}, o), s = c);
  }
  zh(e, l);
}
function Lh(e, t, n) {
  const r = /* @__PURE__ */ new Map(), i = (o, s) => {
    r.has(o) || r.set(o, []), r.get(o).push(s);
  };
  for (const o of e.nodes()) {
    const s = e.node(o);
    if (typeof s.rank == "number" && i(s.rank, o), typeof s.minRank == "number" && typeof s.maxRank == "number")
      for (let l = s.minRank; l <= s.maxRank; l++)
        l !== s.rank && i(l, o);
  }
  return t.map(function(o) {
    return LI(e, o, n, r.get(o) || []);
  });
}
function RI(e, t) {
  let n = new OI();
  e.forEach(function(r) {
    let i = r.graph().root, o = bI(r, i, n, t);
    o.vs.forEach((s, l) => r.node(s).order = l), zI(r, n, o.vs);
  });
}
function zh(e, t) {
  Object.values(t).forEach((n) => n.forEach((r, i) => e.node(r).order = i));
}
let DI = kt.Graph, Vt = _e;
var AI = {
  positionX: KI
};
function FI(e, t) {
  let n = {};
  function r(i, o) {
    let s = 0, l = 0, a = i.length, u = o[o.length - 1];
    return o.forEach((c, d) => {
      let f = VI(e, c), p = f ? e.node(f).order : a;
      (f || c === u) && (o.slice(l, d + 1).forEach((h) => {
        e.predecessors(h).forEach((v) => {
          let E = e.node(v), g = E.order;
          (g < s || p < g) && !(E.dummy && e.node(h).dummy) && by(n, v, h);
        });
      }), l = d + 1, s = p);
    }), o;
  }
  return t.length && t.reduce(r), n;
}
function HI(e, t) {
  let n = {};
  function r(o, s, l, a, u) {
    let c;
    Vt.range(s, l).forEach((d) => {
      c = o[d], e.node(c).dummy && e.predecessors(c).forEach((f) => {
        let p = e.node(f);
        p.dummy && (p.order < a || p.order > u) && by(n, f, c);
      });
    });
  }
  function i(o, s) {
    let l = -1, a, u = 0;
    return s.forEach((c, d) => {
      if (e.node(c).dummy === "border") {
        let f = e.predecessors(c);
        f.length && (a = e.node(f[0]).order, r(s, u, d, l, a), u = d, l = a);
      }
      r(s, u, s.length, a, o.length);
    }), s;
  }
  return t.length && t.reduce(i), n;
}
function VI(e, t) {
  if (e.node(t).dummy)
    return e.predecessors(t).find((n) => e.node(n).dummy);
}
function by(e, t, n) {
  if (t > n) {
    let i = t;
    t = n, n = i;
  }
  let r = e[t];
  r || (e[t] = r = {}), r[n] = !0;
}
function BI(e, t, n) {
  if (t > n) {
    let r = t;
    t = n, n = r;
  }
  return !!e[t] && Object.hasOwn(e[t], n);
}
function WI(e, t, n, r) {
  let i = {}, o = {}, s = {};
  return t.forEach((l) => {
    l.forEach((a, u) => {
      i[a] = a, o[a] = a, s[a] = u;
    });
  }), t.forEach((l) => {
    let a = -1;
    l.forEach((u) => {
      let c = r(u);
      if (c.length) {
        c = c.sort((f, p) => s[f] - s[p]);
        let d = (c.length - 1) / 2;
        for (let f = Math.floor(d), p = Math.ceil(d); f <= p; ++f) {
          let h = c[f];
          o[u] === u && a < s[h] && !BI(n, u, h) && (o[h] = u, o[u] = i[u] = i[h], a = s[h]);
        }
      }
    });
  }), { root: i, align: o };
}
function UI(e, t, n, r, i) {
  let o = {}, s = YI(e, t, n, i), l = i ? "borderLeft" : "borderRight";
  function a(d, f) {
    let p = s.nodes(), h = p.pop(), v = {};
    for (; h; )
      v[h] ? d(h) : (v[h] = !0, p.push(h), p = p.concat(f(h))), h = p.pop();
  }
  function u(d) {
    o[d] = s.inEdges(d).reduce((f, p) => Math.max(f, o[p.v] + s.edge(p)), 0);
  }
  function c(d) {
    let f = s.outEdges(d).reduce((h, v) => Math.min(h, o[v.w] - s.edge(v)), Number.POSITIVE_INFINITY), p = e.node(d);
    f !== Number.POSITIVE_INFINITY && p.borderType !== l && (o[d] = Math.max(o[d], f));
  }
  return a(u, s.predecessors.bind(s)), a(c, s.successors.bind(s)), Object.keys(r).forEach((d) => o[d] = o[n[d]]), o;
}
function YI(e, t, n, r) {
  let i = new DI(), o = e.graph(), s = ZI(o.nodesep, o.edgesep, r);
  return t.forEach((l) => {
    let a;
    l.forEach((u) => {
      let c = n[u];
      if (i.setNode(c), a) {
        var d = n[a], f = i.edge(d, c);
        i.setEdge(d, c, Math.max(s(e, u, a), f || 0));
      }
      a = u;
    });
  }), i;
}
function XI(e, t) {
  return Object.values(t).reduce((n, r) => {
    let i = Number.NEGATIVE_INFINITY, o = Number.POSITIVE_INFINITY;
    Object.entries(r).forEach(([l, a]) => {
      let u = qI(e, l) / 2;
      i = Math.max(a + u, i), o = Math.min(a - u, o);
    });
    const s = i - o;
    return s < n[0] && (n = [s, r]), n;
  }, [Number.POSITIVE_INFINITY, null])[1];
}
function GI(e, t) {
  let n = Object.values(t), r = Vt.applyWithChunking(Math.min, n), i = Vt.applyWithChunking(Math.max, n);
  ["u", "d"].forEach((o) => {
    ["l", "r"].forEach((s) => {
      let l = o + s, a = e[l];
      if (a === t) return;
      let u = Object.values(a), c = r - Vt.applyWithChunking(Math.min, u);
      s !== "l" && (c = i - Vt.applyWithChunking(Math.max, u)), c && (e[l] = Vt.mapValues(a, (d) => d + c));
    });
  });
}
function QI(e, t) {
  return Vt.mapValues(e.ul, (n, r) => {
    if (t)
      return e[t.toLowerCase()][r];
    {
      let i = Object.values(e).map((o) => o[r]).sort((o, s) => o - s);
      return (i[1] + i[2]) / 2;
    }
  });
}
function KI(e) {
  let t = Vt.buildLayerMatrix(e), n = Object.assign(
    FI(e, t),
    HI(e, t)
  ), r = {}, i;
  ["u", "d"].forEach((s) => {
    i = s === "u" ? t : Object.values(t).reverse(), ["l", "r"].forEach((l) => {
      l === "r" && (i = i.map((d) => Object.values(d).reverse()));
      let a = (s === "u" ? e.predecessors : e.successors).bind(e), u = WI(e, i, n, a), c = UI(
        e,
        i,
        u.root,
        u.align,
        l === "r"
      );
      l === "r" && (c = Vt.mapValues(c, (d) => -d)), r[s + l] = c;
    });
  });
  let o = XI(e, r);
  return GI(r, o), QI(r, e.graph().align);
}
function ZI(e, t, n) {
  return (r, i, o) => {
    let s = r.node(i), l = r.node(o), a = 0, u;
    if (a += s.width / 2, Object.hasOwn(s, "labelpos"))
      switch (s.labelpos.toLowerCase()) {
        case "l":
          u = -s.width / 2;
          break;
        case "r":
          u = s.width / 2;
          break;
      }
    if (u && (a += n ? u : -u), u = 0, a += (s.dummy ? t : e) / 2, a += (l.dummy ? t : e) / 2, a += l.width / 2, Object.hasOwn(l, "labelpos"))
      switch (l.labelpos.toLowerCase()) {
        case "l":
          u = l.width / 2;
          break;
        case "r":
          u = -l.width / 2;
          break;
      }
    return u && (a += n ? u : -u), u = 0, a;
  };
}
function qI(e, t) {
  return e.node(t).width;
}
let Ly = _e, JI = AI.positionX;
var eP = tP;
function tP(e) {
  e = Ly.asNonCompoundGraph(e), nP(e), Object.entries(JI(e)).forEach(([t, n]) => e.node(t).x = n);
}
function nP(e) {
  let t = Ly.buildLayerMatrix(e), n = e.graph().ranksep, r = 0;
  t.forEach((i) => {
    const o = i.reduce((s, l) => {
      const a = e.node(l).height;
      return s > a ? s : a;
    }, 0);
    i.forEach((s) => e.node(s).y = r + o / 2), r += o + n;
  });
}
let Oh = i3, jh = u3, rP = L3, iP = _e.normalizeRanks, oP = R3, sP = _e.removeEmptyRanks, Rh = H3, lP = X3, Dh = Q3, aP = jI, uP = eP, at = _e, cP = kt.Graph;
var fP = dP;
function dP(e, t) {
  let n = t && t.debugTiming ? at.time : at.notime;
  n("layout", () => {
    let r = n("  buildLayoutGraph", () => _P(e));
    n("  runLayout", () => hP(r, n, t)), n("  updateInputGraph", () => pP(e, r));
  });
}
function hP(e, t, n) {
  t("    makeSpaceForEdgeLabels", () => SP(e)), t("    removeSelfEdges", () => bP(e)), t("    acyclic", () => Oh.run(e)), t("    nestingGraph.run", () => Rh.run(e)), t("    rank", () => rP(at.asNonCompoundGraph(e))), t("    injectEdgeLabelProxies", () => kP(e)), t("    removeEmptyRanks", () => sP(e)), t("    nestingGraph.cleanup", () => Rh.cleanup(e)), t("    normalizeRanks", () => iP(e)), t("    assignRankMinMax", () => NP(e)), t("    removeEdgeLabelProxies", () => CP(e)), t("    normalize.run", () => jh.run(e)), t("    parentDummyChains", () => oP(e)), t("    addBorderSegments", () => lP(e)), t("    order", () => aP(e, n)), t("    insertSelfEdges", () => LP(e)), t("    adjustCoordinateSystem", () => Dh.adjust(e)), t("    position", () => uP(e)), t("    positionSelfEdges", () => zP(e)), t("    removeBorderNodes", () => TP(e)), t("    normalize.undo", () => jh.undo(e)), t("    fixupEdgeLabelCoords", () => PP(e)), t("    undoCoordinateSystem", () => Dh.undo(e)), t("    translateGraph", () => MP(e)), t("    assignNodeIntersects", () => IP(e)), t("    reversePoints", () => $P(e)), t("    acyclic.undo", () => Oh.undo(e));
}
function pP(e, t) {
  e.nodes().forEach((n) => {
    let r = e.node(n), i = t.node(n);
    r && (r.x = i.x, r.y = i.y, r.rank = i.rank, t.children(n).length && (r.width = i.width, r.height = i.height));
  }), e.edges().forEach((n) => {
    let r = e.edge(n), i = t.edge(n);
    r.points = i.points, Object.hasOwn(i, "x") && (r.x = i.x, r.y = i.y);
  }), e.graph().width = t.graph().width, e.graph().height = t.graph().height;
}
let gP = ["nodesep", "edgesep", "ranksep", "marginx", "marginy"], mP = { ranksep: 50, edgesep: 20, nodesep: 50, rankdir: "tb" }, yP = ["acyclicer", "ranker", "rankdir", "align"], vP = ["width", "height", "rank"], Ah = { width: 0, height: 0 }, wP = ["minlen", "weight", "width", "height", "labeloffset"], xP = {
  minlen: 1,
  weight: 1,
  width: 0,
  height: 0,
  labeloffset: 10,
  labelpos: "r"
}, EP = ["labelpos"];
function _P(e) {
  let t = new cP({ multigraph: !0, compound: !0 }), n = pa(e.graph());
  return t.setGraph(Object.assign(
    {},
    mP,
    ha(n, gP),
    at.pick(n, yP)
  )), e.nodes().forEach((r) => {
    let i = pa(e.node(r));
    const o = ha(i, vP);
    Object.keys(Ah).forEach((s) => {
      o[s] === void 0 && (o[s] = Ah[s]);
    }), t.setNode(r, o), t.setParent(r, e.parent(r));
  }), e.edges().forEach((r) => {
    let i = pa(e.edge(r));
    t.setEdge(r, Object.assign(
      {},
      xP,
      ha(i, wP),
      at.pick(i, EP)
    ));
  }), t;
}
function SP(e) {
  let t = e.graph();
  t.ranksep /= 2, e.edges().forEach((n) => {
    let r = e.edge(n);
    r.minlen *= 2, r.labelpos.toLowerCase() !== "c" && (t.rankdir === "TB" || t.rankdir === "BT" ? r.width += r.labeloffset : r.height += r.labeloffset);
  });
}
function kP(e) {
  e.edges().forEach((t) => {
    let n = e.edge(t);
    if (n.width && n.height) {
      let r = e.node(t.v), o = { rank: (e.node(t.w).rank - r.rank) / 2 + r.rank, e: t };
      at.addDummyNode(e, "edge-proxy", o, "_ep");
    }
  });
}
function NP(e) {
  let t = 0;
  e.nodes().forEach((n) => {
    let r = e.node(n);
    r.borderTop && (r.minRank = e.node(r.borderTop).rank, r.maxRank = e.node(r.borderBottom).rank, t = Math.max(t, r.maxRank));
  }), e.graph().maxRank = t;
}
function CP(e) {
  e.nodes().forEach((t) => {
    let n = e.node(t);
    n.dummy === "edge-proxy" && (e.edge(n.e).labelRank = n.rank, e.removeNode(t));
  });
}
function MP(e) {
  let t = Number.POSITIVE_INFINITY, n = 0, r = Number.POSITIVE_INFINITY, i = 0, o = e.graph(), s = o.marginx || 0, l = o.marginy || 0;
  function a(u) {
    let c = u.x, d = u.y, f = u.width, p = u.height;
    t = Math.min(t, c - f / 2), n = Math.max(n, c + f / 2), r = Math.min(r, d - p / 2), i = Math.max(i, d + p / 2);
  }
  e.nodes().forEach((u) => a(e.node(u))), e.edges().forEach((u) => {
    let c = e.edge(u);
    Object.hasOwn(c, "x") && a(c);
  }), t -= s, r -= l, e.nodes().forEach((u) => {
    let c = e.node(u);
    c.x -= t, c.y -= r;
  }), e.edges().forEach((u) => {
    let c = e.edge(u);
    c.points.forEach((d) => {
      d.x -= t, d.y -= r;
    }), Object.hasOwn(c, "x") && (c.x -= t), Object.hasOwn(c, "y") && (c.y -= r);
  }), o.width = n - t + s, o.height = i - r + l;
}
function IP(e) {
  e.edges().forEach((t) => {
    let n = e.edge(t), r = e.node(t.v), i = e.node(t.w), o, s;
    n.points ? (o = n.points[0], s = n.points[n.points.length - 1]) : (n.points = [], o = i, s = r), n.points.unshift(at.intersectRect(r, o)), n.points.push(at.intersectRect(i, s));
  });
}
function PP(e) {
  e.edges().forEach((t) => {
    let n = e.edge(t);
    if (Object.hasOwn(n, "x"))
      switch ((n.labelpos === "l" || n.labelpos === "r") && (n.width -= n.labeloffset), n.labelpos) {
        case "l":
          n.x -= n.width / 2 + n.labeloffset;
          break;
        case "r":
          n.x += n.width / 2 + n.labeloffset;
          break;
      }
  });
}
function $P(e) {
  e.edges().forEach((t) => {
    let n = e.edge(t);
    n.reversed && n.points.reverse();
  });
}
function TP(e) {
  e.nodes().forEach((t) => {
    if (e.children(t).length) {
      let n = e.node(t), r = e.node(n.borderTop), i = e.node(n.borderBottom), o = e.node(n.borderLeft[n.borderLeft.length - 1]), s = e.node(n.borderRight[n.borderRight.length - 1]);
      n.width = Math.abs(s.x - o.x), n.height = Math.abs(i.y - r.y), n.x = o.x + n.width / 2, n.y = r.y + n.height / 2;
    }
  }), e.nodes().forEach((t) => {
    e.node(t).dummy === "border" && e.removeNode(t);
  });
}
function bP(e) {
  e.edges().forEach((t) => {
    if (t.v === t.w) {
      var n = e.node(t.v);
      n.selfEdges || (n.selfEdges = []), n.selfEdges.push({ e: t, label: e.edge(t) }), e.removeEdge(t);
    }
  });
}
function LP(e) {
  var t = at.buildLayerMatrix(e);
  t.forEach((n) => {
    var r = 0;
    n.forEach((i, o) => {
      var s = e.node(i);
      s.order = o + r, (s.selfEdges || []).forEach((l) => {
        at.addDummyNode(e, "selfedge", {
          width: l.label.width,
          height: l.label.height,
          rank: s.rank,
          order: o + ++r,
          e: l.e,
          label: l.label
        }, "_se");
      }), delete s.selfEdges;
    });
  });
}
function zP(e) {
  e.nodes().forEach((t) => {
    var n = e.node(t);
    if (n.dummy === "selfedge") {
      var r = e.node(n.e.v), i = r.x + r.width / 2, o = r.y, s = n.x - i, l = r.height / 2;
      e.setEdge(n.e, n.label), e.removeNode(t), n.label.points = [
        { x: i + 2 * s / 3, y: o - l },
        { x: i + 5 * s / 6, y: o - l },
        { x: i + s, y: o },
        { x: i + 5 * s / 6, y: o + l },
        { x: i + 2 * s / 3, y: o + l }
      ], n.label.x = n.x, n.label.y = n.y;
    }
  });
}
function ha(e, t) {
  return at.mapValues(at.pick(e, t), Number);
}
function pa(e) {
  var t = {};
  return e && Object.entries(e).forEach(([n, r]) => {
    typeof n == "string" && (n = n.toLowerCase()), t[n] = r;
  }), t;
}
let OP = _e, jP = kt.Graph;
var RP = {
  debugOrdering: DP
};
function DP(e) {
  let t = OP.buildLayerMatrix(e), n = new jP({ compound: !0, multigraph: !0 }).setGraph({});
  return e.nodes().forEach((r) => {
    n.setNode(r, { label: r }), n.setParent(r, "layer" + e.node(r).rank);
  }), e.edges().forEach((r) => n.setEdge(r.v, r.w, {}, r.name)), t.forEach((r, i) => {
    let o = "layer" + i;
    n.setNode(o, { rank: "same" }), r.reduce((s, l) => (n.setEdge(s, l, { style: "invis" }), l));
  }), n;
}
var AP = "1.1.8", FP = {
  graphlib: kt,
  layout: fP,
  debug: RP,
  util: {
    time: _e.time,
    notime: _e.notime
  },
  version: AP
};
const Fh = /* @__PURE__ */ Nu(FP), Hh = ["next", "if_true", "if_false", "holdout_next", "on_timeout"], Vh = 210, Bh = 72;
function wl(e) {
  switch (e.type) {
    case "entry":
    case "send":
      return ["next"];
    case "wait":
      return e.until_event ? ["next", "on_timeout"] : ["next"];
    case "branch":
      return ["if_true", "if_false"];
    case "split":
      return [
        ...(e.variants || []).map((t) => `variant:${t.id}`),
        ...e.holdout ? ["holdout_next"] : []
      ];
    default:
      return [];
  }
}
function Xc(e) {
  return e.startsWith("variant:") ? e.slice(8) : { next: "next", if_true: "yes", if_false: "no", holdout_next: "holdout", on_timeout: "timeout" }[e];
}
function HP(e) {
  const t = [], n = [];
  for (const r of e) {
    const i = {};
    for (const [o, s] of Object.entries(r))
      Hh.includes(o) || (i[o] = o === "variants" ? s.map(({ next: l, ...a }) => a) : s);
    t.push({ id: r.id, type: "step", position: { x: 0, y: 0 }, data: { spec: i } });
    for (const o of Hh)
      r[o] && n.push(Rs(r.id, o, r[o]));
    for (const o of r.variants || [])
      o.next && n.push(Rs(r.id, `variant:${o.id}`, o.next));
  }
  return { nodes: t, edges: n };
}
function Rs(e, t, n) {
  return { id: `${e}:${t}`, source: e, sourceHandle: t, target: n, label: Xc(t) };
}
function VP(e, t) {
  return e.map((n) => {
    const r = n.data.spec, i = { id: n.id, type: r.type };
    for (const [o, s] of Object.entries(r))
      o === "id" || o === "type" || (i[o] = o === "variants" ? s.map((l) => ({ ...l })) : s);
    for (const o of t.filter((s) => s.source === n.id))
      if (o.sourceHandle.startsWith("variant:")) {
        const s = (i.variants || []).find((l) => `variant:${l.id}` === o.sourceHandle);
        s && (s.next = o.target);
      } else wl(r).includes(o.sourceHandle) && (i[o.sourceHandle] = o.target);
    return i.variants && (i.variants = i.variants.map(({ id: o, weight: s, next: l }) => l ? { id: o, weight: s, next: l } : { id: o, weight: s })), i;
  });
}
function Wh(e, t) {
  const n = new Fh.graphlib.Graph();
  n.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 60 }), n.setDefaultEdgeLabel(() => ({}));
  for (const r of e) n.setNode(r.id, { width: Vh, height: Bh });
  for (const r of t) n.hasNode(r.target) && n.setEdge(r.source, r.target);
  return Fh.layout(n), e.map((r) => {
    const i = n.node(r.id);
    return { ...r, position: { x: i.x - Vh / 2, y: i.y - Bh / 2 } };
  });
}
function BP(e, t, n) {
  let r = 1;
  for (; n.has(`${e}_${r}`); ) r += 1;
  const i = `${e}_${r}`, o = (a) => {
    var u;
    return ((u = Object.entries(t.templates).find(([, c]) => c === a)) == null ? void 0 : u[0]) || "";
  }, s = t.channels[0] || "email", l = {
    entry: { trigger: { kind: "segment_entry", segment: t.segments[0] || "" } },
    send: { channel: s, template: o(s) },
    wait: { duration: "24h" },
    branch: { condition: { kind: "engagement", event: "opened", since_node: "" } },
    split: { variants: [{ id: "A", weight: 50 }, { id: "B", weight: 50 }], holdout: 0 },
    exit: {}
  }[e];
  return { id: i, spec: { id: i, type: e, ...l } };
}
function WP(e) {
  switch (e.type) {
    case "entry": {
      const t = e.trigger || {};
      return t.kind === "segment_entry" ? `joins ${t.segment}` : t.kind === "event" ? `on ${t.event}` : `schedule ${t.once_on || t.cron || ""} ${t.local_time || ""}`;
    }
    case "send":
      return `${e.channel} · ${e.template}${e.best_send_time ? " · best time" : ""}`;
    case "wait":
      return e.duration || e.until_local_time && `until ${e.until_local_time}` || e.until_event && `until ${e.until_event}` || "";
    case "branch": {
      const t = e.condition || {};
      return t.kind === "engagement" ? `${t.event} since ${t.since_node}` : t.kind === "segment" ? `in ${t.segment}` : `${t.field} ${t.op} ${t.value ?? ""}`;
    }
    case "split":
      return (e.variants || []).map((t) => `${t.id} ${t.weight}`).join(" / ") + (e.holdout ? ` · holdout ${Math.round(e.holdout * 100)} %` : "");
    default:
      return "";
  }
}
const tt = JSON.parse(document.getElementById("workflow-setup").textContent), zy = document.getElementById("canvas-root"), UP = zy.dataset.csrf, Ds = { entry: "Entry / trigger", send: "Send", wait: "Wait", branch: "Branch", split: "Split / A-B", exit: "Exit" };
function YP({ id: e, data: t, selected: n }) {
  const { spec: r, problems: i = [] } = t, o = wl(r);
  return /* @__PURE__ */ _.jsxs(
    "div",
    {
      className: `step step-${r.type}${i.length ? " has-problems" : ""}${n ? " selected" : ""}`,
      "aria-label": `${Ds[r.type]} ${e}${i.length ? `, ${i.length} problem(s)` : ""}`,
      children: [
        r.type !== "entry" && /* @__PURE__ */ _.jsx(Wr, { type: "target", position: Q.Top }),
        /* @__PURE__ */ _.jsx("div", { className: "step-type", children: Ds[r.type] }),
        /* @__PURE__ */ _.jsx("div", { className: "step-id", children: e }),
        /* @__PURE__ */ _.jsx("div", { className: "step-summary", children: WP(r) }),
        i.length > 0 && /* @__PURE__ */ _.jsx("ul", { className: "step-problems", role: "alert", children: i.map((s, l) => /* @__PURE__ */ _.jsx("li", { children: s }, l)) }),
        o.map((s, l) => /* @__PURE__ */ _.jsx(
          Wr,
          {
            id: s,
            type: "source",
            position: Q.Bottom,
            style: { left: `${(l + 1) * 100 / (o.length + 1)}%` },
            title: Xc(s)
          },
          s
        ))
      ]
    }
  );
}
const XP = { step: YP };
function Pe({ label: e, children: t }) {
  const n = j.useMemo(() => `f-${Math.random().toString(36).slice(2)}`, []);
  return /* @__PURE__ */ _.jsxs("div", { className: "panel-field", children: [
    /* @__PURE__ */ _.jsx("label", { htmlFor: n, children: e }),
    tp.cloneElement(t, { id: n })
  ] });
}
function GP({ node: e, nodes: t, edges: n, onSpec: r, onRename: i, onConnect: o, onDelete: s }) {
  if (!e) return /* @__PURE__ */ _.jsx("aside", { className: "panel", "aria-label": "Node settings", children: /* @__PURE__ */ _.jsx("p", { children: "Select a node to configure it, or add one from the palette." }) });
  const l = e.data.spec, a = (h) => r(e.id, { ...l, ...h }), u = (h, v) => a({ [h]: { ...l[h] || {}, ...v } }), c = t.filter((h) => h.id !== e.id).map((h) => h.id), d = (h) => {
    var v;
    return ((v = n.find((E) => E.source === e.id && E.sourceHandle === h)) == null ? void 0 : v.target) || "";
  }, f = l.trigger || {}, p = l.condition || {};
  return /* @__PURE__ */ _.jsxs("aside", { className: "panel", "aria-label": "Node settings", children: [
    /* @__PURE__ */ _.jsx("h2", { children: Ds[l.type] }),
    /* @__PURE__ */ _.jsx(Pe, { label: "Node id", children: /* @__PURE__ */ _.jsx("input", { value: e.id, onChange: (h) => i(e.id, h.target.value) }) }),
    l.type === "entry" && /* @__PURE__ */ _.jsxs(_.Fragment, { children: [
      /* @__PURE__ */ _.jsx(Pe, { label: "Trigger", children: /* @__PURE__ */ _.jsxs("select", { value: f.kind, onChange: (h) => a({ trigger: h.target.value === "segment_entry" ? { kind: "segment_entry", segment: tt.segments[0] } : h.target.value === "event" ? { kind: "event", event: "visited_course_page" } : { kind: "schedule", once_on: "", local_time: "09:00" } }), children: [
        /* @__PURE__ */ _.jsx("option", { value: "segment_entry", children: "joins a segment" }),
        /* @__PURE__ */ _.jsx("option", { value: "event", children: "an event" }),
        /* @__PURE__ */ _.jsx("option", { value: "schedule", children: "a schedule" })
      ] }) }),
      f.kind === "segment_entry" && /* @__PURE__ */ _.jsx(Pe, { label: "Segment", children: /* @__PURE__ */ _.jsx("select", { value: f.segment, onChange: (h) => u("trigger", { segment: h.target.value }), children: tt.segments.map((h) => /* @__PURE__ */ _.jsx("option", { children: h }, h)) }) }),
      f.kind === "event" && /* @__PURE__ */ _.jsx(Pe, { label: "Event", children: /* @__PURE__ */ _.jsx("input", { value: f.event || "", onChange: (h) => u("trigger", { event: h.target.value }) }) }),
      f.kind === "schedule" && /* @__PURE__ */ _.jsxs(_.Fragment, { children: [
        /* @__PURE__ */ _.jsx(Pe, { label: "Once on (date)", children: /* @__PURE__ */ _.jsx("input", { type: "date", value: f.once_on || "", onChange: (h) => u("trigger", { once_on: h.target.value }) }) }),
        /* @__PURE__ */ _.jsx(Pe, { label: "Local time", children: /* @__PURE__ */ _.jsx("input", { value: f.local_time || "", onChange: (h) => u("trigger", { local_time: h.target.value }) }) })
      ] })
    ] }),
    l.type === "send" && /* @__PURE__ */ _.jsxs(_.Fragment, { children: [
      /* @__PURE__ */ _.jsx(Pe, { label: "Channel", children: /* @__PURE__ */ _.jsx("select", { value: l.channel, onChange: (h) => a({ channel: h.target.value }), children: tt.channels.map((h) => /* @__PURE__ */ _.jsx("option", { children: h }, h)) }) }),
      /* @__PURE__ */ _.jsx(Pe, { label: "Template", children: /* @__PURE__ */ _.jsx("select", { value: l.template, onChange: (h) => a({ template: h.target.value }), children: Object.keys(tt.templates).map((h) => /* @__PURE__ */ _.jsxs("option", { value: h, children: [
        h,
        " (",
        tt.templates[h],
        ")"
      ] }, h)) }) }),
      /* @__PURE__ */ _.jsxs("div", { className: "panel-check", children: [
        /* @__PURE__ */ _.jsx("input", { id: "best-time", type: "checkbox", checked: !!l.best_send_time, onChange: (h) => a({ best_send_time: h.target.checked || void 0 }) }),
        /* @__PURE__ */ _.jsx("label", { htmlFor: "best-time", children: "Best time per contact" })
      ] })
    ] }),
    l.type === "wait" && /* @__PURE__ */ _.jsxs(_.Fragment, { children: [
      /* @__PURE__ */ _.jsx(Pe, { label: "Duration (e.g. 48h, 2d)", children: /* @__PURE__ */ _.jsx("input", { value: l.duration || "", onChange: (h) => a({ duration: h.target.value || void 0 }) }) }),
      /* @__PURE__ */ _.jsx(Pe, { label: "Or until local time (HH:MM)", children: /* @__PURE__ */ _.jsx("input", { value: l.until_local_time || "", onChange: (h) => a({ until_local_time: h.target.value || void 0 }) }) })
    ] }),
    l.type === "branch" && /* @__PURE__ */ _.jsxs(_.Fragment, { children: [
      /* @__PURE__ */ _.jsx(Pe, { label: "Condition", children: /* @__PURE__ */ _.jsxs("select", { value: p.kind, onChange: (h) => a({ condition: h.target.value === "segment" ? { kind: "segment", segment: tt.segments[0] } : { kind: "engagement", event: "opened", since_node: "" } }), children: [
        /* @__PURE__ */ _.jsx("option", { value: "engagement", children: "engaged since a send" }),
        /* @__PURE__ */ _.jsx("option", { value: "segment", children: "is in a segment" }),
        p.kind === "attribute" && /* @__PURE__ */ _.jsx("option", { value: "attribute", children: "attribute (edit in YAML)" })
      ] }) }),
      p.kind === "engagement" && /* @__PURE__ */ _.jsxs(_.Fragment, { children: [
        /* @__PURE__ */ _.jsx(Pe, { label: "Event", children: /* @__PURE__ */ _.jsx("select", { value: p.event, onChange: (h) => u("condition", { event: h.target.value }), children: ["opened", "clicked", "replied", "applied", "enrolled"].map((h) => /* @__PURE__ */ _.jsx("option", { children: h }, h)) }) }),
        /* @__PURE__ */ _.jsx(Pe, { label: "Since send node", children: /* @__PURE__ */ _.jsxs("select", { value: p.since_node, onChange: (h) => u("condition", { since_node: h.target.value }), children: [
          /* @__PURE__ */ _.jsx("option", { value: "", children: "—" }),
          t.filter((h) => h.data.spec.type === "send").map((h) => /* @__PURE__ */ _.jsx("option", { children: h.id }, h.id))
        ] }) })
      ] }),
      p.kind === "segment" && /* @__PURE__ */ _.jsx(Pe, { label: "Segment", children: /* @__PURE__ */ _.jsx("select", { value: p.segment, onChange: (h) => u("condition", { segment: h.target.value }), children: tt.segments.map((h) => /* @__PURE__ */ _.jsx("option", { children: h }, h)) }) })
    ] }),
    l.type === "split" && /* @__PURE__ */ _.jsxs(_.Fragment, { children: [
      (l.variants || []).map((h, v) => /* @__PURE__ */ _.jsx(Pe, { label: `Weight of variant ${h.id}`, children: /* @__PURE__ */ _.jsx("input", { type: "number", min: "1", value: h.weight, onChange: (E) => a({ variants: l.variants.map((g, y) => y === v ? { ...g, weight: Number(E.target.value) } : g) }) }) }, v)),
      /* @__PURE__ */ _.jsx("button", { type: "button", onClick: () => a({ variants: [...l.variants, { id: String.fromCharCode(65 + l.variants.length), weight: 50 }] }), children: "Add variant" }),
      /* @__PURE__ */ _.jsx(Pe, { label: "Holdout (share, 0–0.49)", children: /* @__PURE__ */ _.jsx("input", { type: "number", step: "0.01", min: "0", max: "0.49", value: l.holdout || 0, onChange: (h) => a({ holdout: Number(h.target.value) }) }) })
    ] }),
    wl(l).map((h) => /* @__PURE__ */ _.jsx(Pe, { label: `Goes to (${Xc(h)})`, children: /* @__PURE__ */ _.jsxs("select", { value: d(h), onChange: (v) => o({ source: e.id, sourceHandle: h, target: v.target.value }), children: [
      /* @__PURE__ */ _.jsx("option", { value: "", children: "— not connected —" }),
      c.map((v) => /* @__PURE__ */ _.jsx("option", { children: v }, v))
    ] }) }, h)),
    /* @__PURE__ */ _.jsx("button", { type: "button", className: "danger", onClick: () => s(e.id), children: "Delete node" })
  ] });
}
function QP() {
  const e = j.useMemo(() => {
    const $ = HP(tt.nodes);
    return { nodes: Wh($.nodes, $.edges), edges: $.edges };
  }, []), [t, n] = j.useState(e.nodes), [r, i] = j.useState(e.edges), [o, s] = j.useState(null), [l, a] = j.useState({ nodes: {}, general: [] }), [u, c] = j.useState(""), d = j.useRef({ past: [], future: [] }), f = pl(), p = j.useRef(null), h = j.useCallback(($, T) => {
    d.current.past.push({ nodes: t, edges: r }), d.current.future = [], n($), i(T);
  }, [t, r]), v = j.useCallback(() => {
    const $ = d.current.past.pop();
    $ && (d.current.future.push({ nodes: t, edges: r }), n($.nodes), i($.edges));
  }, [t, r]), E = j.useCallback(() => {
    const $ = d.current.future.pop();
    $ && (d.current.past.push({ nodes: t, edges: r }), n($.nodes), i($.edges));
  }, [t, r]);
  j.useEffect(() => {
    const $ = (T) => {
      !(T.ctrlKey || T.metaKey) || ["INPUT", "SELECT", "TEXTAREA"].includes(T.target.tagName) || (T.key === "z" && !T.shiftKey && (T.preventDefault(), v()), (T.key === "y" || T.key === "z" && T.shiftKey) && (T.preventDefault(), E()));
    };
    return window.addEventListener("keydown", $), () => window.removeEventListener("keydown", $);
  }, [v, E]), j.useEffect(() => {
    const $ = () => f.fitView({ padding: 0.1 });
    return window.addEventListener("resize", $), () => window.removeEventListener("resize", $);
  }, [f]);
  const g = j.useRef(tt.version), y = j.useCallback(async ($, T) => (await fetch($, {
    method: "POST",
    credentials: "same-origin",
    signal: T,
    headers: { "Content-Type": "application/json", "X-CSRF-Token": UP },
    body: JSON.stringify({ nodes: VP(t, r), version: g.current })
  })).json(), [t, r]);
  j.useEffect(() => {
    let $ = !0;
    const T = new AbortController(), x = setTimeout(async () => {
      try {
        const C = await y(`/campaigns/${tt.campaignId}/workflow/check`, T.signal);
        $ && a({ nodes: C.nodes || {}, general: C.general || (C.error ? [C.error] : []) });
      } catch (C) {
        if (C.name !== "AbortError") throw C;
      }
    }, 350);
    return () => {
      $ = !1, T.abort(), clearTimeout(x);
    };
  }, [y]);
  const m = t.map(($) => ({ ...$, data: { ...$.data, problems: l.nodes[$.id] || [] } })), w = j.useCallback(($, T) => {
    const { id: x, spec: C } = BP($, tt, new Set(t.map((O) => O.id))), b = T || f.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
    h([...t, { id: x, type: "step", position: b, data: { spec: C } }], r), s(x);
  }, [t, r, h, f]), S = j.useCallback(({ source: $, sourceHandle: T, target: x }) => {
    const C = r.filter((b) => !(b.source === $ && b.sourceHandle === T));
    h(t, x ? [...C, Rs($, T, x)] : C);
  }, [t, r, h]), k = ($, T) => {
    const x = wl(T);
    h(
      t.map((C) => C.id === $ ? { ...C, data: { ...C.data, spec: T } } : C),
      r.filter((C) => C.source !== $ || x.includes(C.sourceHandle))
    );
  }, N = ($, T) => {
    if (!T || t.some((C) => C.id === T)) return;
    const x = (C) => {
      var b;
      return ((b = C.condition) == null ? void 0 : b.since_node) === $ ? { ...C, condition: { ...C.condition, since_node: T } } : C;
    };
    h(
      t.map((C) => C.id === $ ? { ...C, id: T, data: { ...C.data, spec: { ...C.data.spec, id: T } } } : { ...C, data: { ...C.data, spec: x(C.data.spec) } }),
      r.map((C) => ({ ...Rs(C.source === $ ? T : C.source, C.sourceHandle, C.target === $ ? T : C.target) }))
    ), s(T);
  }, P = ($) => {
    h(t.filter((T) => T.id !== $), r.filter((T) => T.source !== $ && T.target !== $)), s(null);
  }, L = ($) => {
    $.preventDefault();
    const T = $.dataTransfer.getData("application/x-enrollflow-node");
    T && w(T, f.screenToFlowPosition({ x: $.clientX, y: $.clientY }));
  }, R = async () => {
    c("saving…");
    const $ = await y(`/campaigns/${tt.campaignId}/workflow`);
    if ($.ok) {
      g.current = $.version, c(`Saved as version ${$.version}.`);
      return;
    }
    a({ nodes: $.nodes || {}, general: $.general || [] }), c($.stale ? "Not saved: reload the page first." : "Not saved: fix the problems shown.");
  }, D = Object.values(l.nodes).reduce(($, T) => $ + T.length, 0) + l.general.length;
  return /* @__PURE__ */ _.jsxs("div", { className: "canvas-app", children: [
    /* @__PURE__ */ _.jsxs("div", { className: "toolbar", role: "toolbar", "aria-label": "Workflow tools", children: [
      /* @__PURE__ */ _.jsx("button", { type: "button", onClick: v, children: "Undo" }),
      /* @__PURE__ */ _.jsx("button", { type: "button", onClick: E, children: "Redo" }),
      /* @__PURE__ */ _.jsx("button", { type: "button", onClick: () => {
        h(Wh(t, r), r), setTimeout(() => f.fitView({ padding: 0.1 }), 50);
      }, children: "Auto-layout" }),
      /* @__PURE__ */ _.jsx("button", { type: "button", className: "primary", onClick: R, children: "Save workflow" }),
      /* @__PURE__ */ _.jsx("span", { className: `status${u.startsWith("Not saved") ? " not-saved" : ""}`, role: "status", children: u }),
      /* @__PURE__ */ _.jsx("span", { className: `validity ${D ? "bad" : "good"}`, "data-testid": "validity", children: D ? `${D} problem(s)` : "valid" })
    ] }),
    /* @__PURE__ */ _.jsxs("div", { className: "canvas-body", children: [
      /* @__PURE__ */ _.jsxs("nav", { className: "palette", "aria-label": "Node palette", children: [
        /* @__PURE__ */ _.jsx("h2", { children: "Add a step" }),
        Object.entries(Ds).map(([$, T]) => /* @__PURE__ */ _.jsx(
          "button",
          {
            type: "button",
            className: `palette-item step-${$}`,
            draggable: !0,
            "data-node-type": $,
            onDragStart: (x) => {
              x.dataTransfer.setData("application/x-enrollflow-node", $), x.dataTransfer.effectAllowed = "move";
            },
            onClick: () => w($),
            children: T
          },
          $
        )),
        /* @__PURE__ */ _.jsx("p", { className: "hint", children: "Drag a step onto the canvas, or press it to add it. Connect by dragging from a node's bottom dot, or with “Goes to” in the panel." })
      ] }),
      /* @__PURE__ */ _.jsx("div", { className: "flow", ref: p, onDrop: L, onDragOver: ($) => {
        $.preventDefault(), $.dataTransfer.dropEffect = "move";
      }, children: /* @__PURE__ */ _.jsxs(
        uC,
        {
          nodes: m,
          edges: r,
          nodeTypes: XP,
          fitView: !0,
          onNodesChange: ($) => {
            const T = $.filter((x) => x.type === "remove").map((x) => x.id);
            if (T.length) {
              h(t.filter((x) => !T.includes(x.id)), r.filter((x) => !T.includes(x.source) && !T.includes(x.target)));
              return;
            }
            n((x) => T0($, x));
          },
          onEdgesChange: ($) => {
            $.some((T) => T.type === "remove") ? h(t, Eu($, r)) : i((T) => Eu($, T));
          },
          onConnect: S,
          onSelectionChange: ({ nodes: $ }) => {
            var T;
            return s(((T = $[0]) == null ? void 0 : T.id) ?? o);
          },
          onNodeDragStart: () => d.current.past.push({ nodes: t, edges: r }),
          children: [
            /* @__PURE__ */ _.jsx(pC, {}),
            /* @__PURE__ */ _.jsx(EC, {})
          ]
        }
      ) }),
      /* @__PURE__ */ _.jsx(
        GP,
        {
          node: t.find(($) => $.id === o),
          nodes: t,
          edges: r,
          onSpec: k,
          onRename: N,
          onConnect: S,
          onDelete: P
        }
      )
    ] }),
    l.general.length > 0 && /* @__PURE__ */ _.jsx("ul", { className: "general-problems", role: "alert", children: l.general.map(($, T) => /* @__PURE__ */ _.jsx("li", { children: $ }, T)) })
  ] });
}
im(zy).render(/* @__PURE__ */ _.jsx(iy, { children: /* @__PURE__ */ _.jsx(QP, {}) }));
