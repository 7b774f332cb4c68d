/**
 * Questions in Vietnamese, offline: the documents are in English, so a
 * question is glossed word by word into English search terms with a domain
 * glossary (longest phrase first). The answer still quotes the English text
 * verbatim; the gloss only steers retrieval and sentence choice. With an LLM
 * configured, the model reads the original question as well.
 */

/** Vietnamese phrase → English search terms. Phrases are matched lowercased, with diacritics. */
const GLOSSARY: Record<string, string> = {
  "người bulgaria": "bulgarian citizens", "người bun-ga-ri": "bulgarian citizens", "công dân bulgaria": "bulgarian citizens",
  "bulgaria": "bulgaria", "bun-ga-ri": "bulgaria", "việt nam": "vietnam", "hà nội": "hanoi", "người việt": "vietnamese",
  "cộng đồng người việt": "vietnamese community", "liên minh châu âu": "european union", "châu âu": "eu",
  "đông nam á": "southeast asian asean", "asean": "asean",
  "miễn thị thực": "visa exemption", "thị thực": "visa", "miễn visa": "visa exemption", "lưu trú": "stay residence",
  "nhập cảnh": "entry", "cư trú": "residence",
  "bao nhiêu ngày": "how many days", "bao nhiêu năm": "how many years", "bao nhiêu": "how many", "bao lâu": "how long",
  "khi nào": "when", "năm nào": "what year", "vào năm nào": "what year", "lúc nào": "when", "ở đâu": "where",
  "là ai": "who", "ai là": "who", "là gì": "what", "những gì": "what", "như thế nào": "how", "tại sao": "why", "vì sao": "why",
  "có không": "", "ngày": "days", "năm": "year", "tháng": "month",
  "quốc phòng": "defense", "an ninh": "security", "quân đội": "army military defense", "quân sự": "military defense",
  "gìn giữ hòa bình": "peacekeeping", "công nghiệp quốc phòng": "defense industry", "tình báo": "intelligence",
  "thực thi pháp luật": "law enforcement", "cảnh sát": "police", "công an": "police security", "tội phạm": "crime",
  "ma túy": "drug trafficking", "an ninh mạng": "cyber security", "khủng bố": "terrorism",
  "hợp tác": "cooperation", "thỏa thuận": "agreement", "hiệp định": "agreement", "ký kết": "signing", "bản ghi nhớ": "memorandum of understanding",
  "thương mại tự do": "free trade", "thương mại": "trade", "kinh tế": "economic", "đầu tư": "investment invest",
  "kim ngạch": "trade turnover", "doanh nghiệp": "businesses", "thị trường": "market", "tiếp cận thị trường": "market access",
  "bảo hộ đầu tư": "investment protection", "phê chuẩn": "ratification",
  "nông nghiệp": "agriculture", "chăn nuôi": "livestock", "lâm nghiệp": "forestry", "thủy sản": "fishery",
  "an toàn thực phẩm": "food safety", "thực phẩm": "food", "nông dân": "farmers agriculture",
  "giáo dục": "education", "đào tạo nghề": "vocational training", "dạy nghề": "vocational training", "đào tạo": "training",
  "học bổng": "scholarships", "sinh viên": "students", "giảng viên": "lecturers", "chuyên gia": "experts",
  "tiếng việt": "vietnamese language", "tiếng bulgaria": "bulgarian language", "lớp học": "classes",
  "khoa học": "science", "công nghệ": "technology", "trí tuệ nhân tạo": "artificial intelligence ai",
  "chuyển đổi số": "digital transformation", "chuyển đổi xanh": "green transition transformation", "năng lượng xanh": "green energy",
  "công nghệ thông tin": "information technology", "lượng tử": "quantum", "y sinh": "biomedical", "công nghệ sinh học": "biotechnology",
  "trung tâm nghiên cứu": "research center", "nghiên cứu": "research", "chính phủ điện tử": "e-government",
  "văn hóa": "culture cultural", "thể thao": "sports", "vận động viên": "athletes", "thanh niên": "youth",
  "du lịch": "tourism tourists", "triển lãm ảnh": "photo exhibitions", "tuần văn hóa": "cultural weeks",
  "điện ảnh": "cinema", "âm nhạc": "music", "lễ hội hoa hồng": "rose festival", "lễ hội": "festival",
  "chuyến bay thẳng": "direct flights", "đường bay thẳng": "direct flights", "chuyến bay": "flights", "hãng hàng không": "airlines",
  "hàng không": "aviation airlines",
  "lao động": "labor", "di cư": "migration", "bộ nội vụ": "ministry of home affairs",
  "môi trường": "environment", "kinh tế tuần hoàn": "circular economy", "nước thải": "wastewater", "rác thải nhựa": "plastic waste",
  "chất thải rắn": "solid waste", "ô nhiễm không khí": "air pollution", "nước sạch": "clean water supply", "khoáng sản": "minerals",
  "địa chất": "geology", "biến đổi khí hậu": "climate change", "năng lượng": "energy", "dịch bệnh": "epidemics",
  "y tế": "health", "sức khỏe": "health", "y học dự phòng": "preventive medicine", "dược phẩm": "pharmaceuticals",
  "y tế điện tử": "electronic health", "chăm sóc sức khỏe cộng đồng": "community health care", "bệnh viện": "hospital",
  "trường mẫu giáo": "kindergarten", "nhà trẻ": "kindergarten",
  "địa phương": "localities local", "giao lưu nhân dân": "people-to-people exchanges", "nhân dân": "people",
  "tổ chức hữu nghị": "friendly organizations", "hữu nghị": "friendship", "truyền thống": "traditional",
  "liên hợp quốc": "united nations", "hiến chương": "charter", "luật biển": "law of the sea", "công ước": "convention",
  "tự do hàng hải": "freedom of navigation", "hàng hải": "navigation", "biển": "sea", "tranh chấp": "disputes",
  "biện pháp hòa bình": "peaceful means", "hòa bình": "peace", "ổn định": "stability", "luật pháp quốc tế": "international law",
  "chủ nghĩa đa phương": "multilateralism", "đa phương": "multilateral",
  "đối tác chiến lược": "strategic partnership", "đối tác": "partnership", "chiến lược": "strategic",
  "quan hệ ngoại giao": "diplomatic relations", "ngoại giao": "diplomatic diplomacy", "thiết lập": "establishment established",
  "kỷ niệm": "anniversary", "chuyến thăm": "visit", "thăm": "visit", "phái đoàn": "delegation", "đoàn": "delegation",
  "tổng bí thư": "general secretary", "tô lâm": "to lam", "tổng thống": "president", "chủ tịch": "president",
  "hồ chí minh": "ho chi minh", "rumen radev": "rumen radev", "thứ trưởng ngoại giao": "deputy minister of foreign affairs",
  "thứ trưởng": "deputy minister", "bộ ngoại giao": "foreign ministries", "quốc hội": "national assembly", "nghị viện": "legislative",
  "đảng": "party", "chính phủ": "government", "ủy ban liên chính phủ": "intergovernmental committee",
  "cơ chế": "mechanism", "đối thoại": "dialogue", "tham vấn chính trị": "political consultation", "chính trị": "political",
  "tuyên bố chung": "joint statement", "bài báo": "article", "bài viết": "article", "kháng chiến": "resistance wars",
  "nâng cấp": "upgrading upgrade", "quan hệ": "relations relationship", "mức nào": "level", "cấp độ": "level",
  "giúp đỡ": "support", "hỗ trợ": "support", "cam kết": "committed commitment", "nhất trí": "agreed", "đồng ý": "agreed",
};

const PHRASES = Object.keys(GLOSSARY).sort((a, b) => b.length - a.length);

/** Letters that occur in Vietnamese but not in English or Bulgarian transliteration. */
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

/** Vietnamese names that English questions about these documents use too. */
const NAMES = /\b(việt\s*nam|hà\s*nội|tô\s*lâm|lâm|hồ\s*chí\s*minh|lê\s*thị\s*thu\s*hằng|hằng|thái\s*bình|hưng\s*yên)\b/giu;

/** True when the text has Vietnamese words beyond the proper names that English texts also use. */
export function isVietnamese(text: string): boolean {
  const withoutNames = text.normalize("NFC").replace(NAMES, " ");
  return (withoutNames.match(new RegExp(VIETNAMESE_LETTERS.source, "giu"))?.length ?? 0) >= 2;
}

/** English search terms for a Vietnamese question; unknown words (names, acronyms) pass through. */
export function glossVietnamese(text: string): string {
  const original = text.normalize("NFC").replace(/[?!.,;:()"“”]/g, " ");
  let rest = ` ${original.toLowerCase()} `;
  const out: string[] = [];
  for (const phrase of PHRASES) {
    const needle = ` ${phrase} `;
    while (rest.includes(needle)) {
      out.push(GLOSSARY[phrase]!);
      rest = rest.replace(needle, " | ");
    }
  }
  // Keep names, numbers and acronyms the glossary does not know (EVFTA, UNCLOS, 1957).
  const known = new Set(rest.split(/\s+/));
  const passthrough = original
    .split(/\s+/)
    .filter(Boolean)
    .filter((w, i) => known.has(w.toLowerCase()) && !VIETNAMESE_LETTERS.test(w) && (/^[A-Z0-9-]{2,}$/.test(w) || (i > 0 && /^[A-Z]/.test(w))));
  return [...out, ...passthrough].filter(Boolean).join(" ");
}
