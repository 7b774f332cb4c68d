/**
 * Questions in Vietnamese, offline: the documents are in English, so a
 * question is glossed word by word into English search terms with a domain
 * glossary (longest phrase first). The answer still quotes the English text
 * verbatim; the gloss only steers retrieval and sentence choice. With an LLM
 * configured, the model reads the original question as well.
 *
 * Many users type Vietnamese without diacritics ("mien thi thuc bao nhieu
 * ngay"), in capitals, or with diacritics on some words only. Words are
 * therefore compared folded (foldText: lowercase, no diacritics, đ → d), and a
 * word's diacritics, when it has them, must agree with the glossary's: typed
 * "đang" (currently) is not "đảng" (party), typed "dang" may be either.
 */
import { foldText } from "../text.ts";

/**
 * Vietnamese phrase → English search terms, written with diacritics and
 * matched with or without them (see sameWord); the English targets are words
 * the two documents use. Where two keys fold alike, a word typed without
 * diacritics takes the one listed first: "đang" (currently) before "đảng"
 * (party), which questions name as "Đảng Cộng sản", a key of its own; "mới"
 * (new) before "mời" (invite), with "ai mời" (who invited) a key of its own.
 * Where a key folds like a common word outside the glossary, longer keys
 * catch that word: "giai đoạn", "biện pháp", "tham gia", "lần đầu" keep
 * "đoạn", "biện", "tham", "đầu" from reading as "đoàn" (delegation), "biển"
 * (sea), "thăm" (visit), "đâu" (where); a bare "nam" reads as "năm" (year).
 */
const GLOSSARY: Record<string, string> = {
  "người bulgaria": "bulgarian citizens", "người bun-ga-ri": "bulgarian citizens", "công dân bulgaria": "bulgarian citizens",
  "bulgaria": "bulgaria", "bun-ga-ri": "bulgaria", "việt nam": "vietnam", "hà nội": "hanoi", "người việt": "vietnamese",
  "cộng đồng người việt": "vietnamese community", "liên minh châu âu": "european union", "châu âu": "eu",
  "đông nam á": "southeast asian asean", "asean": "asean",
  "miễn thị thực": "visa exemption", "thị thực": "visa", "miễn visa": "visa exemption", "lưu trú": "stay residence",
  "nhập cảnh": "entry", "cư trú": "residence",
  "bao nhiêu ngày": "how many days", "bao nhiêu năm": "how many years", "bao nhiêu": "how many", "bao lâu": "how long",
  // The documents' parts, counted: "Tuyên bố chung có bao nhiêu điều?" asks how many clauses.
  "bao nhiêu điều": "how many clauses", "bao nhiêu mục": "how many sections", "bao nhiêu phần": "how many sections",
  "bao nhiêu đoạn": "how many paragraphs",
  "khi nào": "when", "năm nào": "what year", "vào năm nào": "what year", "lúc nào": "when", "ở đâu": "where",
  "nước nào": "which country", "quốc gia nào": "which country", "trước khi": "before", "sau khi": "after",
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
  "tổng bí thư": "general secretary", "tbt": "general secretary", "tô lâm": "to lam", "tổng thống": "president", "chủ tịch": "president",
  "hồ chí minh": "ho chi minh", "rumen radev": "rumen radev", "thứ trưởng ngoại giao": "deputy minister of foreign affairs",
  "thứ trưởng": "deputy minister", "bộ ngoại giao": "foreign ministries", "quốc hội": "national assembly", "nghị viện": "legislative",
  "chính phủ": "government", "ủy ban liên chính phủ": "intergovernmental committee",
  "cơ chế": "mechanism", "đối thoại": "dialogue", "tham vấn chính trị": "political consultation", "chính trị": "political",
  "tuyên bố chung": "joint statement", "tóm tắt": "summarize", "tóm lược": "summarize", "nội dung chính": "main points", "bài báo": "article", "bài viết": "article", "kháng chiến": "resistance wars",
  "nâng cấp": "upgrading upgrade", "quan hệ": "relations relationship", "mức nào": "level", "cấp độ": "level",
  "giúp đỡ": "support", "hỗ trợ": "support", "cam kết": "committed commitment", "nhất trí": "agreed", "đồng ý": "agreed",

  // Question words and particles; "đang" and "mới" are listed before "đảng" and "mời" (see indexPhrases).
  "bao giờ": "when", "ngày nào": "what date when", "tháng nào": "what month when", "thời điểm nào": "when",
  "trong bao lâu": "how long", "bao nhiêu lâu": "how long", "kéo dài bao lâu": "how long",
  "mấy ngày": "how many days", "mấy năm": "how many years", "mấy": "how many", "người": "people",
  "nơi nào": "where", "tại đâu": "where", "đâu": "where", "lần đầu": "first", "đầu tiên": "first",
  "gì": "what", "cái gì": "what", "điều gì": "what", "nội dung": "content", "bao gồm": "include including", "gồm": "include including",
  "thế nào": "how", "ra sao": "how", "bằng cách nào": "how", "ai": "who", "lý do": "why reason", "lí do": "why reason",
  "có phải": "", "phải không": "", "được không": "", "hay không": "", "đang": "", "đảng": "party", "mới": "new",
  "ai mời": "who invited invitation", "đã mời": "invited invitation", "kỉ niệm": "anniversary", "kí": "signed signing", "kí kết": "signing",
  "tình hình": "situations", "kỹ thuật": "technical", "máy bay": "flights airlines", "bắt đầu": "from start",

  // I. Political and diplomatic cooperation; the preamble.
  "đảng cộng sản": "communist party", "cộng sản": "communist", "ban chấp hành trung ương": "central committee", "trung ương": "central",
  "nhà nước": "state", "lập pháp": "legislative", "cơ quan lập pháp": "legislative bodies", "nghị sĩ": "lawmakers",
  "đối thoại chính trị": "political dialogue", "tin cậy chính trị": "political trust", "tin cậy": "trust",
  "trao đổi đoàn": "delegation exchanges", "đoàn đại biểu": "delegation", "cấp cao": "high-level high level",
  "bộ ngành": "ministries branches", "các bộ": "ministries", "bộ trưởng": "minister", "văn kiện": "documents",
  "cơ sở pháp lý": "legal basis", "pháp lý": "legal", "diễn đàn đa phương": "multilateral forums", "diễn đàn": "forums",
  "toàn diện": "comprehensive", "trụ cột": "pillars", "lời mời": "invitation", "mời": "invitation invited", "chính thức": "official",
  "hệ thống chính trị": "political system", "độc lập": "independence", "chủ quyền": "sovereignty",
  "toàn vẹn lãnh thổ": "territorial integrity", "không can thiệp": "non-interference", "công việc nội bộ": "internal affairs",
  "bình đẳng": "equality", "tôn trọng": "respect", "thịnh vượng": "prosperity", "lợi ích": "interests benefit",
  "hai bên": "two sides", "hai nước": "two countries", "song phương": "bilateral", "phu nhân": "spouse",
  "phần lan": "finland", "thành tựu": "achievements", "thăm chính thức": "official visit", "thăm cấp cao": "high-level visits",

  // II. Defense and security.
  "tình báo quốc phòng": "defense intelligence", "nhóm công tác chung": "joint working group", "nhóm công tác": "working group",
  "đối thoại chính sách quốc phòng": "defense policy dialogue", "chính sách": "policy policies",
  "an ninh phi truyền thống": "non-traditional security", "phi truyền thống": "non-traditional",
  "tội phạm công nghệ cao": "high-tech crimes", "công nghệ cao": "high-tech", "tội phạm có tổ chức": "organized crime",
  "xuyên quốc gia": "transnational", "buôn bán ma túy": "drug trafficking", "phòng chống tội phạm": "crime prevention",
  "phòng chống": "prevention", "trao đổi thông tin": "information exchange", "thông tin": "information",
  "học viện": "academies", "cán bộ": "cadres", "bồi dưỡng": "fostering", "đàm phán": "negotiations",

  // III. Economy and trade.
  "hiệp định thương mại tự do": "free trade agreement", "kinh tế số": "digital economy", "hàng hóa": "goods",
  "chuỗi giá trị toàn cầu": "global value chain", "chuỗi giá trị": "value chain", "chuỗi cung ứng": "supply chains",
  "xe điện": "electric vehicles", "cách mạng công nghiệp lần thứ tư": "fourth industrial revolution",
  "cách mạng công nghiệp": "industrial revolution", "kinh tế tri thức": "knowledge-based economy",
  "đổi mới sáng tạo": "innovative", "xuất khẩu": "export", "nhập khẩu": "import", "cầu nối": "bridge bridging",
  "nhà đầu tư": "investors", "tăng trưởng": "growth", "phát triển": "development", "phát triển bền vững": "sustainable development",
  "bền vững": "sustainable", "kim ngạch thương mại": "trade turnover", "hiệp định bảo hộ đầu tư": "investment protection agreement",
  "thương mại toàn cầu": "global trade", "quy định": "regulations", "châu á": "asian",

  // IV. Science and technology, education, agriculture, culture, sports, tourism, labor, environment, health.
  "hạ tầng số": "digital infrastructure", "nguồn nhân lực": "human resources", "nhân lực": "human resources",
  "sinh học": "biological", "vật liệu": "materials", "chuyển giao công nghệ": "technology transfer",
  "thực phẩm chức năng": "functional foods", "khoa học máy tính": "computer science", "phiên họp": "session", "kỳ họp": "session",
  "trung tâm nghiên cứu chung": "joint research center", "ba bên": "tripartite", "ưu tiên": "priority", "viện nghiên cứu": "research institutions",
  "chương trình hợp tác giáo dục": "education cooperation program", "chương trình": "program", "trao đổi học bổng": "scholarship exchange",
  "du học": "study students", "học sinh": "students", "đại học": "undergraduate university", "sau đại học": "postgraduate",
  "giảng dạy": "teach", "cơ sở đào tạo": "training institutions", "chất lượng cao": "highly qualified high-quality",
  "tiếng bun-ga-ri": "bulgarian language",
  "nông sản": "agricultural products", "thức ăn chăn nuôi": "livestock feed", "cây trồng": "plant", "vật nuôi": "animal livestock",
  "chất lượng thực phẩm": "food quality", "tiêu chuẩn": "standards", "yêu cầu kỹ thuật": "technical requirements",
  "đất nông nghiệp": "agricultural land", "sản xuất nông nghiệp": "agricultural production", "sản xuất": "production",
  "ngư nghiệp": "fishery", "an ninh lương thực": "food security", "lương thực": "food",
  "chương trình hợp tác văn hóa": "cultural cooperation program", "triển lãm": "exhibitions", "phim": "cinema",
  "ngày lễ": "holidays", "vận động viên trẻ": "young athletes", "kế hoạch hợp tác du lịch": "tourism cooperation plan",
  "du khách": "tourists", "khách du lịch": "tourists", "ngành du lịch": "tourism industry", "nghệ thuật": "arts artistic",
  "biểu diễn": "performances", "lễ hội dân gian": "folk festival", "chữ viết": "writing", "hoa hồng": "rose",
  "hãng bay": "airlines", "bay thẳng": "direct flights", "đường bay": "flights", "kết nối giao thông": "transportation connectivity",
  "giao thông": "transportation", "kết nối": "connectivity connections", "đơn phương": "unilateral",
  "visa": "visa", "miễn": "exemption", "hộ chiếu": "passport", "công dân": "citizens", "công dân việt nam": "vietnamese citizens",
  "người việt nam": "vietnamese", "không cần visa": "visa exemption", "không cần thị thực": "visa exemption",
  "lao động di cư": "migration labor", "người lao động": "workers labor", "công nhân": "workers", "công nhân lành nghề": "skilled workers",
  "bộ lao động": "ministry of labor", "chính sách xã hội": "social policy", "hiệp định hợp tác lao động": "labor cooperation agreement",
  "xử lý nước thải": "wastewater treatment", "vệ sinh môi trường": "environmental sanitation", "nông thôn": "rural",
  "rác thải": "waste", "chất thải": "waste", "chuyển đổi năng lượng": "energy conversion", "thích ứng": "adaptation",
  "hội nhập xã hội": "social integration", "sáng kiến": "initiative", "cổng toàn cầu": "global gateway",
  "tài nguyên nước": "water resources", "khí hậu": "climate", "quản lý": "management",
  "nhân lực y tế": "medical human resource", "y học": "medicine medical", "thuốc": "pharmaceuticals medicine",
  "chăm sóc sức khỏe": "health care",

  // V. Localities and people-to-people exchanges.
  "chính quyền địa phương": "local governments", "tỉnh": "province", "thành phố": "city",
  "tổ chức nhân dân": "people's organizations", "tổ chức xã hội": "social organizations", "cộng đồng": "community",
  "giao lưu": "exchanges", "trao đổi": "exchange exchanges", "kiều bào": "vietnamese community", "sinh sống": "living",

  // VI. Regional and international cooperation; the UN and UNCLOS; peace.
  "khu vực": "regional region", "quốc tế": "international", "tổ chức quốc tế": "international organizations",
  "thách thức an ninh": "security challenges", "thách thức": "challenges", "an ninh năng lượng": "energy security",
  "liên kết kinh tế khu vực": "regional economic linkages", "tự do hóa thương mại": "trade liberation",
  "hiến chương liên hợp quốc": "united nations charter",
  "công ước liên hợp quốc về luật biển": "united nations convention on the law of the sea unclos",
  "luật quốc tế": "international law", "vũ lực": "force", "đe dọa": "threat", "pháp quyền": "rule of law",
  "thượng tôn pháp luật": "rule of law", "trên biển": "at sea", "an toàn": "safety", "giải quyết": "resolve",

  // The visit's history (the article), and verbs the clauses use.
  "chiến tranh": "war", "biểu tình": "protest", "vật chất": "material", "tinh thần": "spiritual", "hàng nghìn": "thousands",
  "hàng chục nghìn": "tens of thousands", "báo chí": "press", "xây dựng": "build construction", "quà tặng": "gifts",
  "thành lập": "established establishment", "ký": "signed signing", "thúc đẩy": "promote", "tăng cường": "strengthen enhance",
  "mở rộng": "expand", "khuyến khích": "encouraged", "xem xét": "consider", "tạo điều kiện": "facilitate favorable conditions",
  "thuận lợi": "favorable", "đánh giá cao": "appreciated", "ghi nhận": "acknowledged", "ủng hộ": "support",
  "phối hợp": "coordinate", "triển khai": "implement deploy", "thực hiện": "implement implementation", "tiềm năng": "potential",
  "thế mạnh": "strengths", "lĩnh vực": "fields areas", "khẳng định": "affirmed", "nhấn mạnh": "emphasized",
  "mong muốn": "desire wish", "sẵn sàng": "ready willingness", "mở": "opening", "có hiệu lực": "valid", "kéo dài": "lasts",
  "giai đoạn": "period", "biện pháp": "measures", "tham gia": "participating", "tham vấn": "consultation", "mô hình": "model",
  "mục tiêu": "goals", "vai trò": "role", "tầm quan trọng": "importance",

  // Requests for a task rather than a question ("viết cho tôi một bài thơ"): glossed to the English verbs the
  // answerer recognises as a task, so it declines them in both languages. Keys carry the word that makes them
  // a request: "bài viết" is the article, "dịch vụ" services.
  "viết cho": "write", "viết giúp": "write", "viết một": "write", "hãy viết": "write", "sáng tác": "compose",
  "soạn cho": "draft", "soạn giúp": "draft", "bài thơ": "poem", "làm thơ": "write poem", "dịch sang": "translate",
  "dịch giúp": "translate", "dịch cho": "translate", "dịch đoạn": "translate", "kể chuyện": "tell me a story",
  "chuyện cười": "joke",
};

/** Spellings joined into one word before matching, in questions and glossary keys alike (as foldText joins them). */
const JOINS: Array<[string[], string]> = [
  [["viet", "nam"], "vietnam"],
  [["ha", "noi"], "hanoi"],
  [["bun", "ga", "ri"], "bulgaria"],
  [["bun-ga-ri"], "bulgaria"],
  [["bungari"], "bulgaria"],
];

/** Proper names both languages write; they say nothing about the language of the question. */
const NAME_PHRASES = ["tô lâm", "hồ chí minh", "lê thị thu hằng", "thái bình", "hưng yên", "rumen radev"];

/** Acronyms that would otherwise read as a Vietnamese word ("ai" is "who"). */
const ACRONYMS: Record<string, string> = { AI: "artificial intelligence ai" };

/**
 * A folded Vietnamese syllable: an optional initial, then a rhyme (a vowel
 * nucleus with a consonant final, or an open or glide-final nucleus). English
 * words mostly fail it (f, j, w, z, final s, d, l, r, clusters); the short ones
 * that pass are listed in ENGLISH_SYLLABLES.
 */
const SYLLABLE =
  /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:(?:a|e|i|o|u|y|ie|oa|oe|oo|ua|ue|uo|uy|uye|ye)(?:ch|ng|nh|[cmnpt])|a|e|i|o|u|y|ai|ao|au|ay|eo|eu|ia|iu|oa|oai|oao|oay|oe|oeo|oi|ua|uay|ue|ui|uo|uoi|uou|uu|uy|uya|uyu|ieu|yeu)$/;

/** English function words shaped like a Vietnamese syllable: evidence for English unless inside a Vietnamese phrase. */
const ENGLISH_FUNCTION = new Set(
  "a am an at be but by can do he him i in it me my no not on so such than that the them then to up via may much yet".split(" "),
);

/** Common English content words shaped like a Vietnamese syllable: no evidence either way. */
const ENGLISH_SYLLABLES = new Set(
  ("ban bang bat bay bet bin bit boat boom boot buy cam cap cat chat chip chop coach coat con cop cot cup cut dam day den diet " +
    "dim dip dot due duo gang gap gay gem get go goat gun gut guy gym ham hang hat hay hen hi hit hop hot hung hut king kit lap " +
    "lay let lip lit long loop lot man map mat men met mom moon nap net non noon nut oat pan pay pen pet pin ping pit poem poet " +
    "pop pot put quiet quit ram ran rang rap rat ray rich ring rip room root run sang sat say set sin sing sip sit soap son song " +
    "soon sue sum sun tan tap ten thin thing tip toe ton top tram trap tray trim trip true try van").split(" "),
);

/** Common Vietnamese words, folded; the glossary's own words are added below. */
const VIETNAMESE_FUNCTION =
  "cua va la cho voi nhung cac mot gi nao bao nhieu may khong co duoc bi trong ngoai ve hai ba bon nam sau bay tam " +
  "chin muoi tram nghin ngan trieu ben nuoc hop tac the nhu khi o dau ai tai sao vi da se dang nay kia do thi ma " +
  "neu vay nen phai can muon biet hoi tra loi noi gom ra vao di den tu tren duoi giua truoc luc gio ngay thang lan " +
  "nguoi chung toi ban minh ho ong anh chi em rat nhat hon cung con hay hoac chua roi moi tung dieu viec cai chiec " +
  "bang boi theo lien quan gan xa it tat ca phan lam nhan xin cam on giup hieu y kien tin tuc bai ay nhi nhe a u " +
  "vang dung sai chao";

interface Token {
  /** As typed: names and acronyms pass through with their case. */
  text: string;
  /** Lowercase, without diacritics, đ → d. */
  fold: string;
  /** The diacritics typed on the word, sorted, so "hoà" and "hòa" agree; "" when typed without any. */
  marks: string;
}

interface Phrase {
  tokens: Token[];
  gloss: string;
  /** Matching order: longer phrases (in folded characters) first. */
  rank: number;
}

/** Phrases by their first folded word, so that a question looks only at the phrases its words can start. */
type PhraseIndex = Map<string, Phrase[]>;

const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const VIETNAMESE_MARK = /[\u0300-\u036f]|đ/g;

function tokenize(text: string): Token[] {
  const typed = (text.normalize("NFC").replace(/[‐‑‒–—―]/g, "-").match(WORD) ?? []).map((word) => ({
    text: word,
    fold: foldText(word),
    marks: (word.toLowerCase().normalize("NFD").match(VIETNAMESE_MARK) ?? []).sort().join(""),
  }));
  const tokens: Token[] = [];
  for (let i = 0; i < typed.length; ) {
    const join = JOINS.find(([parts]) => parts.every((part, k) => typed[i + k]?.fold === part));
    if (join) {
      const parts = typed.slice(i, i + join[0].length);
      tokens.push({ text: parts.map((t) => t.text).join(" "), fold: join[1], marks: "" });
      i += parts.length;
    } else {
      tokens.push(typed[i++]!);
    }
  }
  return tokens;
}

function indexPhrases(entries: Array<[string, string]>): PhraseIndex {
  const keyed = entries.map(([key, gloss]) => ({ tokens: tokenize(key), gloss }));
  const length = (tokens: Token[]) => tokens.reduce((n, t) => n + t.fold.length + 1, -1);
  // Stable: where two keys fold alike ("đang"/"đảng" → "dang"), an unaccented question gets the one listed first.
  keyed.sort((a, b) => length(b.tokens) - length(a.tokens));
  const index: PhraseIndex = new Map();
  keyed.forEach(({ tokens, gloss }, rank) => {
    const first = tokens[0]!.fold;
    index.set(first, [...(index.get(first) ?? []), { tokens, gloss, rank }]);
  });
  return index;
}

const PHRASES = indexPhrases(Object.entries(GLOSSARY));
const NAMES_FOLDED = indexPhrases(NAME_PHRASES.map((name) => [name, name]));
const GLOSSARY_WORDS = [...PHRASES.values()].flat().flatMap((p) => p.tokens.map((t) => t.fold));
const [CO, KHONG] = tokenize("có không") as [Token, Token];
/** The two words of a yes/no question "có … không?", which carry no search term. */
const YES_NO: Phrase[] = [CO, KHONG].map((token) => ({ tokens: [token], gloss: "", rank: Infinity }));

/** A typed word stands for a glossary word when they fold alike and it has no diacritics or the same ones. */
function sameWord(typed: Token, key: Token): boolean {
  return typed.fold === key.fold && (typed.marks === "" || typed.marks === key.marks);
}

interface Match {
  at: number;
  phrase: Phrase;
}

/** Phrases found in the tokens, longest first, each word used once; `used` marks the words they cover. */
function findPhrases(tokens: Token[], index: PhraseIndex, used = tokens.map(() => false)): { matches: Match[]; used: boolean[] } {
  const starts = new Map<string, number[]>();
  tokens.forEach((t, i) => starts.set(t.fold, [...(starts.get(t.fold) ?? []), i]));
  const candidates = [...starts.keys()].flatMap((fold) => index.get(fold) ?? []).sort((a, b) => a.rank - b.rank);
  const matches: Match[] = [];
  for (const phrase of candidates) {
    const n = phrase.tokens.length;
    for (const at of starts.get(phrase.tokens[0]!.fold)!) {
      let k = 0;
      while (k < n && at + k < tokens.length && !used[at + k] && sameWord(tokens[at + k]!, phrase.tokens[k]!)) k++;
      if (k < n) continue;
      used.fill(true, at, at + n);
      matches.push({ at, phrase });
    }
  }
  const last = tokens.length - 1;
  if (last > 0 && !used[last] && sameWord(tokens[last]!, KHONG)) {
    used[last] = true;
    matches.push({ at: last, phrase: YES_NO[1]! });
    const co = tokens.findLastIndex((t, i) => i < last && !used[i] && sameWord(t, CO));
    if (co >= 0) {
      used[co] = true;
      matches.push({ at: co, phrase: YES_NO[0]! });
    }
  }
  return { matches, used };
}

/** Capitals carry no signal when most words have them ("HOP TAC NONG NGHIEP", "Hop Tac Nong Nghiep"). */
function shouting(tokens: Token[]): boolean {
  const words = tokens.filter((t) => /^\p{L}/u.test(t.text));
  const capitalised = words.filter((t) => /^\p{Lu}/u.test(t.text)).length;
  return words.length > 0 && capitalised >= Math.max(2, 0.6 * words.length);
}

const isAcronym = (token: Token, loud: boolean) => !loud && /^\p{Lu}{2,}$/u.test(token.text);

function isSyllable(fold: string): boolean {
  return fold.split("-").every((part) => SYLLABLE.test(part));
}

/** Glossary words that are not Vietnamese syllables (bulgaria, visa, asean, radev): loanwords both languages use. */
const LOANWORDS = new Set(GLOSSARY_WORDS.filter((fold) => !isSyllable(fold)));

const VIETNAMESE_WORDS = new Set(
  [...VIETNAMESE_FUNCTION.split(" "), ...GLOSSARY_WORDS].filter(
    (fold) => isSyllable(fold) && !ENGLISH_FUNCTION.has(fold) && !ENGLISH_SYLLABLES.has(fold),
  ),
);

/** Letters that occur in Vietnamese but not in English or Bulgarian transliteration. */
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/giu;

/** Vietnamese names that English questions about these documents use too. */
const NAMES = /\b(việt\s*nam|hà\s*nội|tô\s*lâm|lâm|hồ\s*chí\s*minh|lê\s*thị\s*thu\s*hằng|hằng|thái\s*bình|hưng\s*yên)\b/giu;

/**
 * Weighing the words of a question typed without diacritics, each word once:
 *   +1   a word inside a glossary phrase of two or more words ("hop tac", "the nao", "an ninh"),
 *        a word typed with diacritics, or a common Vietnamese word that is not also English ("nhieu", "duoc", "gi");
 *   +0.5 any other Vietnamese syllable ("khoan");
 *    0   names and acronyms (capitalised mid-sentence, all capitals, "To Lam", "Ha Noi", numbers, loanwords
 *        like "visa", "bulgaria"), and English words that are also Vietnamese syllables ("long", "hang", "ban");
 *   −0.5 English function words that are also Vietnamese syllables ("the", "to", "in", "can");
 *   −1   any other word that cannot be a Vietnamese syllable ("what", "visit", "days").
 * Vietnamese when the Vietnamese side totals at least 2 and at least twice the English side: two words
 * make a question, and an English question always has several words no Vietnamese syllable can spell.
 */
const MIN_VIETNAMESE = 2;
const VIETNAMESE_TO_ENGLISH = 2;

function evidence(text: string): { vietnamese: number; english: number } {
  const tokens = tokenize(text);
  const loud = shouting(tokens);
  const { used: named } = findPhrases(tokens, NAMES_FOLDED);
  const inPhrase = tokens.map(() => false);
  for (const { at, phrase } of findPhrases(tokens, PHRASES, [...named]).matches) {
    if (phrase.tokens.length > 1 || YES_NO.includes(phrase)) phrase.tokens.forEach((_, k) => (inPhrase[at + k] = true));
  }
  let vietnamese = 0;
  let english = 0;
  tokens.forEach((token, i) => {
    const { fold } = token;
    if (named[i] || /\d/.test(fold) || LOANWORDS.has(fold) || isAcronym(token, loud)) return;
    if (!loud && i > 0 && /^\p{Lu}/u.test(token.text)) return;
    if (inPhrase[i] || token.marks) vietnamese += 1;
    else if (!isSyllable(fold)) english += 1;
    else if (ENGLISH_FUNCTION.has(fold)) english += 0.5;
    else if (ENGLISH_SYLLABLES.has(fold)) return;
    else vietnamese += VIETNAMESE_WORDS.has(fold) ? 1 : 0.5;
  });
  return { vietnamese, english };
}

/** True when the text is Vietnamese, typed with diacritics, without them, or mixed; English with Vietnamese names is not. */
export function isVietnamese(text: string): boolean {
  // Capitalised words after the first are names ("a small business in Đồng Nai"): an English question has them too.
  const nfc = text.normalize("NFC");
  const capitalisedNames = nfc === nfc.toUpperCase() ? nfc : nfc.replace(/(?<=\S\s+)\p{Lu}[\p{L}'’-]*/gu, " ");
  const withoutNames = capitalisedNames.replace(NAMES, " ");
  if ((withoutNames.match(VIETNAMESE_LETTERS)?.length ?? 0) >= 2) return true;
  const { vietnamese, english } = evidence(text);
  return vietnamese >= MIN_VIETNAMESE && vietnamese >= VIETNAMESE_TO_ENGLISH * english;
}

/** Glosses that ask what kind of answer is wanted; English puts them first. "how many" stays before its noun. */
const INTERROGATIVE = /^(who|what|when|where|why|how)\b/;

function withoutDiacritics(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

/**
 * English search terms for a Vietnamese question, in the question's order with
 * the question word first; unknown words that are names, numbers, acronyms or
 * foreign words (EVFTA, UNCLOS, 1957, Thái Bình) pass through without diacritics.
 */
export function glossVietnamese(text: string): string {
  const tokens = tokenize(text);
  const loud = shouting(tokens);
  const acronym = tokens.map((t) => isAcronym(t, loud));
  const { matches, used } = findPhrases(tokens, PHRASES, [...acronym]);
  const pieces: Array<{ at: number; gloss: string }> = matches.map(({ at, phrase }) => ({ at, gloss: phrase.gloss }));
  tokens.forEach((token, i) => {
    if (used[i] && !acronym[i]) return;
    const passes = acronym[i] || !isSyllable(token.fold) || (!loud && i > 0 && /^\p{Lu}/u.test(token.text));
    if (passes) pieces.push({ at: i, gloss: ACRONYMS[token.text] ?? withoutDiacritics(token.text) });
  });
  const glosses = pieces
    .sort((a, b) => a.at - b.at)
    .map((p) => p.gloss)
    .filter(Boolean);
  const asks = (g: string) => INTERROGATIVE.test(g) && g !== "how many";
  // "… có … không?" asks yes or no: said so in English, a hedged sentence can be told from a yes.
  const yesNo = matches.some(({ phrase }) => phrase === YES_NO[1]) && !glosses.some(asks) ? ["does"] : [];
  return [...yesNo, ...glosses.filter(asks), ...glosses.filter((g) => !asks(g))].join(" ");
}
