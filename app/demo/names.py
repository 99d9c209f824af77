"""Russian names for the demo town: surnames with their feminine forms, first names by
generation and sex, patronymics formed from the father's name.

Lists are ordered by frequency (most common first); `_cumulative` turns the order into Zipf-like
weights so Смирнов and Иванов are common and Меркушев is rare, as in a real house register.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate


def _words(text: str) -> list[str]:
    return text.split()


_SURNAMES = _words(
    "Смирнов Иванов Кузнецов Соколов Попов Лебедев Козлов Новиков Морозов Петров Волков "
    "Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров "
    "Михайлов Беляев Тарасов Белов Комаров Орлов Киселёв Макаров Андреев Ковалёв Ильин Гусев "
    "Титов Кузьмин Кудрявцев Баранов Куликов Алексеев Степанов Яковлев Сорокин Сергеев Романов "
    "Захаров Борисов Королёв Герасимов Пономарёв Григорьев Лазарев Медведев Ершов Никитин "
    "Соболев Рябов Поляков Цветков Данилов Жуков Фролов Журавлёв Николаев Крылов Максимов "
    "Сидоров Осипов Белоусов Федотов Дорофеев Егоров Матвеев Бобров Дмитриев Калинин Анисимов "
    "Петухов Антонов Тимофеев Никифоров Веселов Филиппов Марков Большаков Суханов Миронов "
    "Ширяев Александров Коновалов Шестаков Казаков Ефимов Денисов Громов Фомин Давыдов "
    "Мельников Щербаков Блинов Колесников Карпов Афанасьев Власов Маслов Исаков Тихонов "
    "Аксёнов Гаврилов Родионов Котов Горбунов Кудряшов Быков Зуев Третьяков Савельев Панов "
    "Рыбаков Суворов Абрамов Воронов Мухин Архипов Трофимов Мартынов Емельянов Горшков Чернов "
    "Овчинников Селезнёв Панфилов Копылов Михеев Галкин Назаров Лобанов Лукин Беляков Потапов "
    "Некрасов Хохлов Жданов Наумов Шилов Воронцов Ермаков Дроздов Игнатьев Савин Логинов "
    "Сафонов Капустин Кириллов Моисеев Елисеев Кошелев Костин Горбачёв Орехов Ефремов Исаев "
    "Евдокимов Калашников Кабанов Носков Юдин Кулагин Лапин Прохоров Нестеров Харитонов "
    "Агафонов Муравьёв Ларионов Федосеев Зимин Пахомов Шубин Игнатов Филатов Крюков Рогов "
    "Кулаков Терентьев Молчанов Владимиров Артемьев Гурьев Зиновьев Гришин Кононов Дементьев "
    "Ситников Симонов Мишин Фадеев Комиссаров Мамонтов Носов Гуляев Шаров Устинов Вишняков "
    "Евсеев Лаврентьев Брагин Константинов Корнилов Авдеев Зыков Бирюков Шарапов Никонов "
    "Щукин Дьячков Одинцов Сазонов Якушев Красильников Гордеев Самойлов Князев Беспалов "
    "Уваров Шашков Бобылёв Доронин Белозёров Рожков Самсонов Мясников Лихачёв Буров Сысоев "
    "Фомичёв Русаков Стрелков Гущин Тетерин Колобов Субботин Фокин Блохин Селиверстов Пестов "
    "Кондратьев Силин Меркушев Лыткин Туров Вишневский Ковалевский Островский Покровский "
    "Успенский Соколовский Добровольский Белецкий Высоцкий Толстой Ткаченко Шевченко "
    "Бондаренко Коваленко Кравченко Хабибуллин Ахметов Галиев Сафин Шамсутдинов"
)

_MALE_BY_ERA = {
    # born before 1960, 1960–1989, from 1990
    "old": _words("Владимир Николай Александр Виктор Анатолий Валерий Юрий Геннадий Василий Михаил "
           "Иван Борис Евгений Леонид Пётр Григорий Аркадий Вячеслав Фёдор Павел"),
    "mid": _words("Сергей Андрей Александр Алексей Дмитрий Евгений Игорь Владимир Олег Юрий Михаил "
           "Николай Денис Вадим Роман Виталий Константин Павел Максим Илья"),
    "new": _words("Александр Максим Артём Иван Михаил Дмитрий Даниил Кирилл Матвей Никита Егор "
           "Илья Андрей Алексей Тимофей Роман Марк Лев Степан Фёдор"),
}
_FEMALE_BY_ERA = {
    "old": _words("Валентина Галина Нина Людмила Татьяна Надежда Любовь Тамара Раиса Зинаида Вера "
           "Лидия Мария Антонина Нелли Клавдия Анна Евгения Лариса Светлана"),
    "mid": _words("Елена Ольга Татьяна Наталья Ирина Светлана Юлия Анна Марина Екатерина Оксана "
           "Людмила Галина Надежда Евгения Анастасия Мария Виктория Лариса Вера"),
    "new": _words("Анастасия Дарья Мария Анна София Полина Виктория Алиса Елизавета Екатерина "
           "Ксения Варвара Александра Вероника Арина Валерия Ульяна Василиса Алёна Милана"),
}

# father's name → (son's patronymic, daughter's patronymic); irregular forms are written out
_PATRONYMIC_IRREGULAR = {
    "Илья": ("Ильич", "Ильинична"),
    "Никита": ("Никитич", "Никитична"),
    "Лев": ("Львович", "Львовна"),
    "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Артём": ("Артёмович", "Артёмовна"),
}


def patronymic(father: str, male: bool) -> str:
    """Иван → Иванович/Ивановна, Сергей → Сергеевич, Юрий → Юрьевич, Илья → Ильич."""
    if father in _PATRONYMIC_IRREGULAR:
        return _PATRONYMIC_IRREGULAR[father][0 if male else 1]
    if father.endswith("ий"):
        stem = father[:-2] + "ь"
        return stem + ("евич" if male else "евна")
    if father.endswith("ь"):  # Игорь → Игоревич
        return father[:-1] + ("евич" if male else "евна")
    if father.endswith(("ей", "ай")):
        stem = father[:-1]
        return stem + ("евич" if male else "евна")
    return father + ("ович" if male else "овна")


def feminine(surname: str) -> str:
    """Иванов → Иванова, Ковалевский → Ковалевская, Толстой → Толстая, Ткаченко unchanged."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith("ой"):
        return surname[:-2] + "ая"
    return surname


def _cumulative(n: int) -> list[float]:
    return list(accumulate(1.0 / (i + 8) for i in range(n)))


_SURNAME_CW = _cumulative(len(_SURNAMES))
_FIRST_CW = _cumulative(20)


def era(birth_year: int) -> str:
    if birth_year < 1960:
        return "old"
    return "mid" if birth_year < 1990 else "new"


# a bisection on cumulative weights: what `random.choices` does, without its per-call set-up
# (a million accounts draw some five million names)
def surname(rng: random.Random) -> str:
    return _SURNAMES[bisect(_SURNAME_CW, rng.random() * _SURNAME_CW[-1])]


def first_name(rng: random.Random, male: bool, birth_year: int) -> str:
    names = (_MALE_BY_ERA if male else _FEMALE_BY_ERA)[era(birth_year)]
    return names[bisect(_FIRST_CW, rng.random() * _FIRST_CW[len(names) - 1], 0, len(names) - 1)]


def male_first_name(rng: random.Random, birth_year: int) -> str:
    return first_name(rng, True, birth_year)


def surname_for(base: str, male: bool) -> str:
    return base if male else feminine(base)
