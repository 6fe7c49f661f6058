import CBasaltKernels

/// The KV cache of one sequence: per layer, `capacity` positions of keys and values (F16 or F32).
public final class LlamaCache: SequenceCache, @unchecked Sendable {  // mutated only by the engine thread that owns it
    // @unchecked: mutated only inside LlamaModel.forward, which the engine loop never runs concurrently
    // for the same cache (DecoderModel contract).

    public private(set) var count: Int = 0
    public let capacity: Int
    /// True when entries are stored as F16.
    public let isHalfPrecision: Bool
    let owner: ObjectIdentifier
    let layers: Int
    let kvDimension: Int
    private let keys: UnsafeMutableRawPointer
    private let values: UnsafeMutableRawPointer

    init(owner: ObjectIdentifier, capacity: Int, layers: Int, kvDimension: Int, halfPrecision: Bool) {
        self.owner = owner
        self.capacity = capacity
        self.layers = layers
        self.kvDimension = kvDimension
        self.isHalfPrecision = halfPrecision
        let bytes = max(1, capacity * layers * kvDimension * (halfPrecision ? 2 : 4))
        // Large allocations are mapped lazily by the OS: memory grows as positions are written.
        keys = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        values = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    public func truncate(to count: Int) {
        self.count = min(self.count, max(0, count))
    }

    func advance(by n: Int) { count += n }

    private var elementBytes: Int { isHalfPrecision ? 2 : 4 }

    /// Start of the key row of `position` in `layer`.
    func keys(layer: Int, position: Int) -> UnsafeMutableRawPointer {
        keys + ((layer * capacity + position) * kvDimension) * elementBytes
    }

    func values(layer: Int, position: Int) -> UnsafeMutableRawPointer {
        values + ((layer * capacity + position) * kvDimension) * elementBytes
    }

    /// Stores one position's keys and values (`kvDimension` floats each).
    func store(layer: Int, position: Int, key: UnsafePointer<Float>, value: UnsafePointer<Float>) {
        let k = keys(layer: layer, position: position), v = values(layer: layer, position: position)
        if isHalfPrecision {
            bk_f32_to_f16_row(key, k.assumingMemoryBound(to: UInt16.self), Int64(kvDimension))
            bk_f32_to_f16_row(value, v.assumingMemoryBound(to: UInt16.self), Int64(kvDimension))
        } else {
            k.copyMemory(from: key, byteCount: kvDimension * 4)
            v.copyMemory(from: value, byteCount: kvDimension * 4)
        }
    }
}
