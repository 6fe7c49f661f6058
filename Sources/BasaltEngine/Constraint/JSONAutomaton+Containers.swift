/// Objects and arrays. Object frame fields: `mask` = declared properties seen; while a key is being matched
/// `a..<b` is the range of candidate keys and `c` the byte position; afterwards `a` is the property index
/// (-1 for a free-form key) and `d` the declared index of the literal chosen for a dependent's source.
/// Array frame fields: `a` = items so far.
extension JSONAutomaton {
    enum ObjectPhase {
        static let open: UInt8 = 0, afterComma: UInt8 = 1, key: UInt8 = 2, freeKey: UInt8 = 3, afterKey: UInt8 = 4,
            beforeValue: UInt8 = 5, inValue: UInt8 = 6, afterValue: UInt8 = 7
    }
    enum ArrayPhase { static let open: UInt8 = 0, afterComma: UInt8 = 1, inValue: UInt8 = 2, afterValue: UInt8 = 3 }

    @inline(__always)
    private func allowed(_ property: Int, _ shape: ObjectShape, mask: UInt64) -> Bool {
        mask & (1 << UInt64(property)) == 0 && (!shape.ordered || property == mask.nonzeroBitCount)
    }

    private func canClose(_ shape: ObjectShape) -> Bool { top.mask & shape.requiredMask == shape.requiredMask }

    private func canContinue(_ shape: ObjectShape) -> Bool {
        shape.keys.count > 0 ? top.mask.nonzeroBitCount < shape.properties.count : shape.additional != nil
    }

    mutating func objectStep(_ byte: UInt8) -> Bool {
        guard case .object(let shape) = graph.nodes[Int(top.node)] else { return false }
        let phase = top.phase
        if phase != ObjectPhase.key && Self.isWhitespace(byte) { return whitespace() }
        wsRun = 0
        switch phase {
        case ObjectPhase.open, ObjectPhase.afterComma:
            if byte == UInt8(ascii: "\"") { return startKey(shape) }
            if byte == UInt8(ascii: "}"), phase == ObjectPhase.open, canClose(shape) {
                popCompleted()
                return true
            }
            return false
        case ObjectPhase.key:
            let pos = Int(top.c)
            guard let r = shape.keys.narrow(lo: Int(top.a), hi: Int(top.b), pos: pos, byte: byte) else { return false }
            let mask = top.mask
            guard (r.lo..<r.hi).contains(where: { allowed(shape.keys.origin[$0], shape, mask: mask) }) else {
                return false
            }
            if shape.keys.values[r.lo].count == pos + 1 {
                top.a = Int32(shape.keys.origin[r.lo])
                top.phase = ObjectPhase.afterKey
            } else {
                top.a = Int32(r.lo)
                top.b = Int32(r.hi)
                top.c += 1
            }
            return true
        case ObjectPhase.afterKey:
            guard byte == UInt8(ascii: ":") else { return false }
            top.phase = ObjectPhase.beforeValue
            return true
        case ObjectPhase.beforeValue:
            let property = Int(top.a)
            let node: Int32
            if property < 0 {
                guard let additional = shape.additional else { return false }
                node = additional
            } else if let dep = shape.dependent, dep.target == property {
                guard dep.nodes.indices.contains(Int(top.d)) else { return false }
                node = dep.nodes[Int(top.d)]
            } else {
                node = shape.properties[property]
            }
            top.phase = ObjectPhase.inValue
            return beginValue(node, byte)
        case ObjectPhase.afterValue:
            if byte == UInt8(ascii: ","), canContinue(shape) {
                top.phase = ObjectPhase.afterComma
                return true
            }
            if byte == UInt8(ascii: "}"), canClose(shape) {
                popCompleted()
                return true
            }
            return false
        default:
            return false
        }
    }

    /// After the opening quote of a key.
    private mutating func startKey(_ shape: ObjectShape) -> Bool {
        if shape.keys.count > 0 {
            let mask = top.mask
            guard shape.properties.indices.contains(where: { allowed($0, shape, mask: mask) }) else { return false }
            top.phase = ObjectPhase.key
            top.a = 0
            top.b = Int32(shape.keys.count)
            top.c = 1  // every serialised key starts with the quote just read
            return true
        }
        guard shape.additional != nil, stack.count < Self.maxDepth else { return false }
        top.phase = ObjectPhase.freeKey
        push(Frame(kind: .string, node: SchemaGraph.freeString))
        return true
    }

    /// A key string or a property value just closed.
    mutating func objectChildDone(_ child: Frame) {
        if top.phase == ObjectPhase.freeKey {
            top.phase = ObjectPhase.afterKey
            top.a = -1
            return
        }
        top.phase = ObjectPhase.afterValue
        let property = Int(top.a)
        guard property >= 0 else { return }
        top.mask |= 1 << UInt64(property)
        if case .object(let shape) = graph.nodes[Int(top.node)], let dep = shape.dependent, dep.source == property,
            child.kind == .literal, case .literals(let set) = graph.nodes[Int(child.node)]
        {
            top.d = Int32(set.origin[Int(child.a)])
        }
    }

    mutating func arrayStep(_ byte: UInt8) -> Bool {
        guard case .array(let items, let minItems, let maxItems) = graph.nodes[Int(top.node)] else { return false }
        if Self.isWhitespace(byte) { return whitespace() }
        wsRun = 0
        switch top.phase {
        case ArrayPhase.open:
            if byte == UInt8(ascii: "]") {
                guard minItems == 0 else { return false }
                popCompleted()
                return true
            }
            guard maxItems > 0 else { return false }
            top.phase = ArrayPhase.inValue
            return beginValue(items, byte)
        case ArrayPhase.afterComma:
            top.phase = ArrayPhase.inValue
            return beginValue(items, byte)
        case ArrayPhase.afterValue:
            if byte == UInt8(ascii: ","), Int(top.a) < maxItems {
                top.phase = ArrayPhase.afterComma
                return true
            }
            if byte == UInt8(ascii: "]"), Int(top.a) >= minItems {
                popCompleted()
                return true
            }
            return false
        default:
            return false
        }
    }
}
