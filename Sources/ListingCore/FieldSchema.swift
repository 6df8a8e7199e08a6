/// The canonical fields of each kind, in docs/FIELDS.md order. The database columns, forms, CSV and reply parser all
/// use these; `SchemaConstraintTests` checks them against the columns' CHECK constraints.
public enum FieldSchema {
    public static let propertyTypes = [
        "apartment", "officetel", "villa", "house", "one_room", "commercial", "land", "other",
    ]
    public static let dealTypes = ["sale", "jeonse", "monthly_rent", "short_term"]
    public static let directions = [
        "south", "southeast", "east", "northeast", "north", "northwest", "west", "southwest",
    ]
    public static let heatingTypes = ["individual", "central", "district"]
    public static let optionValues = [
        "air_conditioner", "refrigerator", "washing_machine", "gas_range", "induction", "microwave", "bed", "desk",
        "wardrobe", "tv", "internet", "shoe_closet",
    ]
    public static let categories = [
        "digital", "appliances", "furniture", "kitchen", "kids", "fashion", "beauty", "sports", "hobby", "books",
        "tickets", "pets", "plants", "vehicles", "other",
    ]
    public static let conditions = ["new", "like_new", "good", "fair", "for_parts"]
    public static let tradeMethods = ["in_person", "shipping", "both"]

    /// Hard bounds for money: what the database accepts at all. Plausibility is narrower, per field.
    public static let moneyBounds: ClosedRange<Int> = 0...1_000_000_000_000_000
    /// Hard bounds for areas in m².
    public static let areaBounds: ClosedRange<Double> = 0.1...10_000_000

    static let title = FieldSpec(.title, .text(maxLength: 80, storageLimit: 300), label: "Title", koreanLabel: "제목")
    static let currency = FieldSpec(.currency, .currency, label: "Currency", koreanLabel: "통화")
    static let location = FieldSpec(
        .location, .text(maxLength: 200, storageLimit: 500), label: "Location", koreanLabel: "위치")

    public static let realEstate: [FieldSpec] = [
        title,
        FieldSpec(.propertyType, .enumeration(propertyTypes), label: "Property type", koreanLabel: "매물 종류"),
        FieldSpec(.dealType, .enumeration(dealTypes), label: "Deal type", koreanLabel: "거래 유형"),
        FieldSpec(.price, .money, label: "Sale price", koreanLabel: "매매가", plausible: 1_000_000...1e13),
        FieldSpec(.deposit, .money, label: "Deposit", koreanLabel: "보증금", plausible: 10_000...1e12),
        FieldSpec(.monthlyRent, .money, label: "Monthly rent", koreanLabel: "월세", plausible: 10_000...1e9),
        FieldSpec(.maintenanceFee, .money, label: "Maintenance fee", koreanLabel: "관리비", plausible: 0...1e7),
        currency,
        FieldSpec(.areaM2, .area, label: "Area (m², exclusive)", koreanLabel: "전용면적", plausible: 1...50_000),
        FieldSpec(.supplyAreaM2, .area, label: "Supply area (m²)", koreanLabel: "공급면적", plausible: 1...50_000),
        FieldSpec(.rooms, .integer(0...1_000), label: "Rooms", koreanLabel: "방", plausible: 0...30),
        FieldSpec(.bathrooms, .halves(0...1_000), label: "Bathrooms", koreanLabel: "욕실", plausible: 0...20),
        FieldSpec(.floor, .integer(-20...300), label: "Floor", koreanLabel: "층", plausible: -5...130),
        FieldSpec(.totalFloors, .integer(1...300), label: "Total floors", koreanLabel: "전체 층", plausible: 1...130),
        FieldSpec(.direction, .enumeration(directions), label: "Direction", koreanLabel: "방향"),
        FieldSpec(.heating, .enumeration(heatingTypes), label: "Heating", koreanLabel: "난방"),
        FieldSpec(
            .builtYear, .integer(1_000...3_000), label: "Built year", koreanLabel: "준공년도", plausible: 1_850...2_100),
        FieldSpec(.loanOK, .boolean, label: "Loan possible", koreanLabel: "대출 가능"),
        FieldSpec(.availableFrom, .availability, label: "Available from", koreanLabel: "입주 가능일"),
        FieldSpec(.parking, .boolean, label: "Parking", koreanLabel: "주차"),
        FieldSpec(.elevator, .boolean, label: "Elevator", koreanLabel: "엘리베이터"),
        FieldSpec(.petsAllowed, .boolean, label: "Pets allowed", koreanLabel: "반려동물"),
        FieldSpec(.options, .options(optionValues), label: "Options", koreanLabel: "옵션"),
        location,
    ]

    public static let secondHand: [FieldSpec] = [
        title,
        FieldSpec(.category, .enumeration(categories), label: "Category", koreanLabel: "카테고리"),
        FieldSpec(.brand, .text(maxLength: 80, storageLimit: 300), label: "Brand", koreanLabel: "브랜드"),
        FieldSpec(.model, .text(maxLength: 120, storageLimit: 300), label: "Model", koreanLabel: "모델"),
        FieldSpec(.condition, .enumeration(conditions), label: "Condition", koreanLabel: "상태"),
        FieldSpec(.price, .money, label: "Price", koreanLabel: "가격", plausible: 0...1e11),
        currency,
        FieldSpec(.negotiable, .boolean, label: "Negotiable", koreanLabel: "가격 제안"),
        FieldSpec(.tradeMethod, .enumeration(tradeMethods), label: "Trade method", koreanLabel: "거래 방법"),
        location,
        FieldSpec(.quantity, .integer(1...10_000_000), label: "Quantity", koreanLabel: "수량", plausible: 1...100_000),
        FieldSpec(.size, .text(maxLength: 40, storageLimit: 100), label: "Size", koreanLabel: "사이즈"),
    ]

    public static let notListing: [FieldSpec] = [
        FieldSpec(
            .reason, .text(maxLength: 300, storageLimit: 1_000), label: "Why this is not a listing", koreanLabel: "사유")
    ]

    /// The fields of one kind, in display order.
    public static func fields(for kind: ListingKind) -> [FieldSpec] {
        switch kind {
        case .realEstate: realEstate
        case .secondHand: secondHand
        case .notListing: notListing
        }
    }

    /// Every field of every kind, once, in the CSV's column order. The shared `price` takes the real-estate spec.
    public static let allFields: [FieldSpec] = {
        var seen = Set<FieldName>()
        var result: [FieldSpec] = []
        for spec in realEstate + secondHand + notListing where seen.insert(spec.name).inserted {
            result.append(spec)
        }
        return result
    }()

    /// The spec of a field of a kind, or nil when the kind has no such field.
    public static func spec(_ name: FieldName, in kind: ListingKind) -> FieldSpec? {
        fields(for: kind).first { $0.name == name }
    }

    /// Fields a deal type has no use for: a 월세 has no sale price, a 전세 no monthly rent, a sale neither.
    public static func inapplicable(dealType: String?) -> Set<FieldName> {
        switch dealType {
        case "monthly_rent"?, "short_term"?: [.price]
        case "jeonse"?: [.price, .monthlyRent]
        case "sale"?: [.deposit, .monthlyRent]
        default: []
        }
    }

    /// The spec of a field of any kind.
    public static func spec(named name: FieldName) -> FieldSpec? {
        allFields.first { $0.name == name }
    }

    /// The kinds that have a field of this name.
    public static func kinds(having name: FieldName) -> [ListingKind] {
        ListingKind.allCases.filter { spec(name, in: $0) != nil }
    }
}
