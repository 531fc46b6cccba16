/// The greatest common divisor of two non-negative integers (Euclid's algorithm).
///
/// Two places need it and neither owns the other: the server's packet clock ticks on the
/// divisor of a packet's and an LL-HLS part's frames, and the decode sample walks listener
/// indices with a stride coprime to their count.
public func greatestCommonDivisor(_ x: Int, _ y: Int) -> Int {
    var (a, b) = (x, y)
    while b != 0 { (a, b) = (b, a % b) }
    return a
}
