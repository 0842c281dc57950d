#!/usr/bin/env python3
"""Adversarial certificates of issue 11 (docs/resources.md), written to stdout at about SIZE bytes.

usage: adversarial.py {line|lcm|digits|array|points|pieces|walk|case-split|windows} SIZE

line    finding 2: K = 2M points A_s = (3Ms, 0), B_s = (3Ms + s, -1), s = 0..M-1, that collide
        exactly under a(s), so the true projection line has s = M (a `windows` certificate with
        no windows: true, and minimality must try every s' < M).
lcm     finding 3: one hidden row of d weights 1/(10^(D-1) + 2i + 1), D = 9999 digits
        (nearly coprime denominators: the row lcm has about d·D digits).
digits  finding 3 (milder): a `windows` instance whose targets are 10,000-digit rationals
        (lowest-terms checks).
array   finding 4: a top-level array [0,0,0,...].
points  finding 4: an upper certificate with K x 1000 points, all "1" (duplicates).
pieces  the piece walk: a true 3-layer `three-layer-u2` certificate at K = N = 1000 (targets 0,
        output weights 0) whose two hidden layers of width w <= 1532 (the bound 3064 allows no
        more) have 3-digit weights, so that the walk along the line meets about w^2 kinks.
walk    the same shape as a `search-3` certificate (bound = its neuron count, so any width) with
        19-digit weights: the i128 piece walk declines and the general walk stores ~w^2 events.
case-split  a `case-split` lower certificate with K = 2 and `excluded` = 64 (about 250 bytes;
        SIZE is ignored): 4 keys, so C(68, 4) = 814,385 canonical cases of up to 64 neurons each,
        within CANDIDATE_LIMIT; its one case list entry is wrong. Before round 5 the checker
        materialised the whole canonical list (730 MB) before comparing.
windows a `windows` lower certificate on K = 3 points of 9,000 digits whose one window
        (1, 2, 3) is repeated W times (about 37 bytes each): overlapping, so false. Before round 5
        the checker kept two copies of the parameters per window before the overlap test
        (3.7 MB: 866 MB).
"""
import sys

sys.set_int_max_str_digits(0)


def line(size):
    # each point pair costs about 2 * (len(str(3*M*M)) + 14) bytes
    m = 1
    while 2 * m * (len(str(3 * m * m)) + 16) < size:
        m *= 2
    lo, hi = m // 2, m
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if 2 * mid * (len(str(3 * mid * mid)) + 16) < size:
            lo = mid
        else:
            hi = mid
    m = max(lo, 1)
    pts = []
    for s in range(m):
        pts.append('["%d","0"]' % (3 * m * s))
        pts.append('["%d","-1"]' % (3 * m * s + s))
    k = 2 * m
    return ('{"format":"ftcert/1","kind":"lower","rule":"windows","instance":{"k":%d,"d":2,"points":[%s],'
            '"targets":[%s],"t":[]},"line":{"origin":["0","0"],"direction":["1","%d"]},"windows":[],'
            '"claims":{"layers":2,"breakpoints":0,"neurons":0}}'
            % (k, ",".join(pts), ",".join(['"0"'] * k), m))


def lcm(size):
    dig = 9999
    d = max(1, size // (dig + 6))
    d = min(d, 1000)
    # 10^(D-1) + 2i + 1, written as a string (no big-integer formatting).
    def den(i):
        tail = str(2 * i + 1)
        return "1" + "0" * (dig - 1 - len(tail)) + tail
    w = ",".join('"1/%s"' % den(i) for i in range(d))
    pts = ",".join("[%s]" % ",".join('"%d"' % (1 if c == j else 0) for c in range(d)) for j in range(2))
    # K = 2 samples (unit vectors e_0, e_1), targets 0 (T empty): the output is wrong unless the
    # network computes 0 there; the checker must still get through the row scaling.
    return ('{"format":"ftcert/1","kind":"upper","construction":"two-layer-paper","instance":{"k":2,"d":%d,'
            '"points":[%s],"targets":["0","0"],"t":[]},"network":{"layers":[{"weights":[[%s]],"biases":["0"]},'
            '{"weights":[["1"]],"biases":["0"]}]},"claims":{"neurons":1,"bound":0,"line":{"origin":[%s],'
            '"direction":[%s]},"pieces":1}}'
            % (d, pts, w, ",".join(['"0"'] * d), ",".join(['"1"'] + ['"0"'] * (d - 1))))


def digits(size):
    dig = 9999
    k = max(3, size // (dig + 12))
    # Odd 4999-digit numerators 133...3(2i+1) over a 4990-digit power of two (coprime; strings
    # built without big-integer formatting); each costs one big gcd to check lowest terms.
    half = dig // 2
    def num(i):
        tail = str(2 * i + 1)
        return "1" + "3" * (half - len(tail)) + tail
    den = str(2 ** 16574)
    pts = ",".join('["%d"]' % (i + 1) for i in range(k))
    z = ",".join('"%s/%s"' % (num(i), den) for i in range(k))
    return ('{"format":"ftcert/1","kind":"lower","rule":"windows","instance":{"k":%d,"d":1,"points":[%s],'
            '"targets":[%s],"t":[%s]},"line":{"origin":["0"],"direction":["1"]},"windows":[],'
            '"claims":{"layers":2,"breakpoints":0,"neurons":0}}'
            % (k, pts, z, ",".join(str(i + 1) for i in range(k))))


def array(size):
    return "[" + ",".join(["0"] * max(1, size // 2)) + "]"


def points(size):
    d = 1000
    k = max(2, size // (4 * d))
    row = "[" + ",".join(['"1"'] * d) + "]"
    return ('{"format":"ftcert/1","kind":"upper","construction":"two-layer-paper","instance":{"k":%d,"d":%d,'
            '"points":[%s],"targets":[%s],"t":[]},"network":{"layers":[{"weights":[],"biases":[]},'
            '{"weights":[[]],"biases":["0"]}]},"claims":{"neurons":0,"bound":0,"line":{"origin":[%s],'
            '"direction":[%s]},"pieces":1}}'
            % (k, d, ",".join([row] * k), ",".join(['"0"'] * k), ",".join(['"0"'] * d),
               ",".join(['"1"'] + ['"0"'] * (d - 1))))


def two_hidden(construction, k, w, num, bound, paper=""):
    """A 3-layer upper certificate on K collinear points, targets 0 on T = all, two hidden
    layers of width w with weights from num(), output weights 0 (so it is true)."""

    def row(n):
        return "[" + ",".join(num() for _ in range(n)) + "]"

    layer1 = '{"weights":[%s],"biases":%s}' % (",".join(row(1) for _ in range(w)), row(w))
    layer2 = '{"weights":[%s],"biases":%s}' % (",".join(row(w) for _ in range(w)), row(w))
    out = '{"weights":[[%s]],"biases":["0"]}' % ",".join(['"0"'] * w)
    return ('{"format":"ftcert/1","kind":"upper","construction":"%s","instance":{"k":%d,"d":1,'
            '"points":[%s],"targets":[%s],"t":[%s]},"network":{"layers":[%s,%s,%s]},"claims":{"neurons":%d,'
            '"bound":%d,"line":{"origin":["0"],"direction":["1"]},"pieces":1%s}}'
            % (construction, k, ",".join('["%d"]' % i for i in range(1, k + 1)), ",".join(['"0"'] * k),
               ",".join(str(i) for i in range(1, k + 1)), layer1, layer2, out, 2 * w, bound, paper))


def width_for(size, bytes_per_weight, cap):
    w = 2
    while w < cap and bytes_per_weight * (w + 1) * (w + 1) < size:
        w += 1
    return w


def pieces(size):
    import random
    rng = random.Random(2)
    w = width_for(size, 5, 1532)
    meets = "true" if 2 * w <= 2 * 31.6227766 + 3000 else "false"
    return two_hidden("three-layer-u2", 1000, w,
                      lambda: '"%d"' % (rng.randrange(100, 1000) * rng.choice([1, -1])),
                      3064, ',"paper_bound":"2*sqrt(K)+3*N","meets_paper_bound":%s' % meets)


def walk(size):
    import random
    rng = random.Random(3)
    w = width_for(size, 20, 10**9)
    return two_hidden("search-3", 10, w,
                      lambda: '"%d"' % (rng.randrange(10**18, 10**19) * rng.choice([1, -1])),
                      2 * w)


def case_split(size):
    del size  # the construction is small by design
    return ('{"format":"ftcert/1","kind":"lower","rule":"case-split","instance":{"k":2,"d":1,'
            '"points":[["1"],["2"]],"targets":["0","0"],"t":[]},"line":{"origin":["0"],'
            '"direction":["1"]},"excluded":64,"cases":[{"neurons":[],"equalities":["0","0"],'
            '"strict":[]}],"claims":{"layers":2,"neurons":65}}')


def windows(size):
    b = 10**9000
    w = max(1, (size - 27200) // 37)
    return ('{"format":"ftcert/1","kind":"lower","rule":"windows","instance":{"k":3,"d":1,"points":[%s],'
            '"targets":["0","1","0"],"t":[2]},"line":{"origin":["0"],"direction":["1"]},"windows":[%s],'
            '"claims":{"layers":2,"breakpoints":%d,"neurons":%d}}'
            % (",".join('["%d"]' % (b + i) for i in (1, 2, 3)),
               ",".join(['{"samples":[1,2,3],"sign":"concave"}'] * w), 2 * w, 2 * w))


if __name__ == "__main__":
    which, size = sys.argv[1], int(float(sys.argv[2]))
    sys.stdout.write({"line": line, "lcm": lcm, "digits": digits, "array": array, "points": points,
                      "pieces": pieces, "walk": walk, "case-split": case_split, "windows": windows}[which](size))
