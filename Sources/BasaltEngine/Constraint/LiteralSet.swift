/// A sorted set of byte strings matched one byte at a time: after a prefix, the candidates still
/// possible form one contiguous range `lo..<hi` of the sorted values, so matching state is three integers.
struct LiteralSet: Sendable {
    /// The values, sorted bytewise.
    let values: [[UInt8]]
    /// For each sorted value, its index in the order the values were declared.
    let origin: [Int]

    init(_ declared: [[UInt8]]) {
        let order = declared.indices.sorted { declared[$0].lexicographicallyPrecedes(declared[$1]) }
        values = order.map { declared[$0] }
        origin = order
    }

    var count: Int { values.count }

    /// The sub-range of `lo..<hi` whose values have `byte` at `pos`, or nil when empty.
    @inline(__always)
    func narrow(lo: Int, hi: Int, pos: Int, byte: UInt8) -> (lo: Int, hi: Int)? {
        var i = lo
        while i < hi, values[i].count <= pos || values[i][pos] < byte { i += 1 }
        var j = i
        while j < hi, values[j].count > pos, values[j][pos] == byte { j += 1 }
        return j > i ? (i, j) : nil
    }

    /// Whether a value in `lo..<hi` ends exactly at `pos` (it would be the first of the range).
    @inline(__always)
    func completes(lo: Int, hi: Int, pos: Int) -> Bool { lo < hi && values[lo].count == pos }

    /// Whether the match is complete and no value in range can be extended.
    @inline(__always)
    func closed(lo: Int, hi: Int, pos: Int) -> Bool { hi - lo == 1 && values[lo].count == pos }

    /// Whether some value can begin with `byte`.
    func canStart(_ byte: UInt8) -> Bool { narrow(lo: 0, hi: count, pos: 0, byte: byte) != nil }
}
